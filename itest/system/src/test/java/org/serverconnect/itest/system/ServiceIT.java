package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install-service} as a package builder or a test uses it: with {@code --root} it writes the systemd unit under
 * a temporary root and prints the user and systemctl commands instead of running them (this test checks the
 * generated unit and the commands; it does not install into the machine). The unit must pass
 * {@code systemd-analyze verify}, and the stop it relies on (SIGTERM, exit 143) must be what the runtime does.
 */
class ServiceIT {
    @TempDir
    Path folder;

    @Test
    void doctorFlagsAWorldReadableJournalAndSettings() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            sc.run();
            Installation.Result fine = sc.cli("doctor");
            assertEquals(0, fine.exit(), fine.toString());
            assertTrue(fine.out().contains("all well") && fine.out().contains("runtime: serverconnect is ready"), fine.out());

            Path journal = sc.home().resolve("data/journal.db");
            assertTrue(Files.exists(journal), "the runtime made its journal");
            assertTrue(Files.getPosixFilePermissions(journal).stream().noneMatch(p -> p.name().startsWith("OTHERS")),
                    "the journal is created unreadable for other users (umask 027)");
            Files.setPosixFilePermissions(journal, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Installation.Result flagged = sc.cli("doctor");
            assertEquals(1, flagged.exit(), flagged.toString());
            assertTrue(flagged.out().contains("PROBLEM  " + journal + " is readable by other users (mode 644)"), flagged.out());
        }
    }

    @Test
    void theGeneratedUnitRunsTheHomeAsAnUnprivilegedHardenedServiceAndPassesSystemdVerification() throws Exception {
        Path root = folder.resolve("root");
        try (Installation sc = Installation.in(folder)) {
            Installation.Result r = sc.cli("install-service", "--root", root.toString(), "--user", "scx", "--rw", "/srv/invoices");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("would run: useradd --system --user-group --home-dir " + sc.home()
                    + " --no-create-home --shell /usr/sbin/nologin scx"), r.out());
            assertTrue(r.out().contains("would run: systemctl enable --now serverconnect.service"), r.out());

            Path unit = root.resolve("etc/systemd/system/serverconnect.service");
            List<String> lines = Files.readAllLines(unit, StandardCharsets.UTF_8);
            Path dist = Path.of(System.getProperty("serverconnect.dist")).toAbsolutePath().normalize();
            for (String expected : List.of("User=scx", "Group=scx", "UMask=0027",
                    "ExecStart=" + dist + "/bin/serverconnect --home " + sc.home() + " run",
                    "SuccessExitStatus=143", "TimeoutStopSec=30", "Restart=on-failure", "NoNewPrivileges=true",
                    "ProtectSystem=strict", "ReadWritePaths=" + sc.home() + " /srv/invoices", "PrivateTmp=true",
                    "CapabilityBoundingSet=", "WantedBy=multi-user.target")) {
                assertTrue(lines.contains(expected), "unit has " + expected + ":\n" + String.join("\n", lines));
            }
            assertTrue(Files.exists(Path.of("/usr/bin/systemd-analyze")) || Files.exists(Path.of("/bin/systemd-analyze")),
                    "systemd-analyze is needed for this test (Debian package systemd; .ci/run installs it)");
            Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
            String said = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, verify.exitValue(), said);
            assertFalse(said.contains(unit.getFileName().toString()), "no warning about the unit: " + said);

            Installation.Result bad = sc.cli("install-service", "--root", root.toString(), "--user", "Not A User");
            assertEquals(1, bad.exit(), bad.toString());
            assertTrue(bad.err().contains("not a valid user name"), bad.toString());

            Installation.Result gone = sc.cli("uninstall-service", "--root", root.toString());
            assertEquals(0, gone.exit(), gone.toString());
            assertFalse(Files.exists(unit));
            assertTrue(gone.out().contains("would run: systemctl disable --now serverconnect.service"), gone.out());

            // What the unit relies on: SIGTERM stops the runtime cleanly with exit status 143.
            sc.run();
            sc.terminate();
            assertEquals(143, sc.process().exitValue());
        }
    }
}
