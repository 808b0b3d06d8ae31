package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

            // the settings (the console password) and files with secrets: not even the group may read them
            Path settings = sc.etc().resolve("serverconnect.properties");
            Path connection = sc.etc().resolve("org.serverconnect.transport.pagero-c.cfg");
            Files.writeString(connection, "username = u\n.password = p\n");
            Files.setPosixFilePermissions(connection, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            Files.setPosixFilePermissions(settings, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            Installation.Result group = sc.cli("doctor");
            assertEquals(1, group.exit(), group.toString());
            for (Path f : List.of(settings, connection)) {
                assertTrue(group.out().contains("PROBLEM  " + f + " holds secrets and is readable by others than its owner "
                        + "(mode 640): chmod 600 " + f), group.out());
            }
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
                    "ProtectSystem=strict", "ReadWritePaths=" + sc.home() + " /srv/invoices",
                    "ReadOnlyPaths=" + sc.home() + "/etc " + sc.home() + "/deploy", "ProtectHome=true",
                    "ProtectProc=invisible", "ProcSubset=pid", "SystemCallFilter=@system-service", "PrivateTmp=true",
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

    @Test
    void theServiceCannotWriteWhatRootRuns() throws Exception {
        Path root = folder.resolve("root");
        try (Installation sc = Installation.in(folder)) {
            Path dist = sc.dist();
            // a home inside the distribution, a home that holds it, a writable folder inside it: refused, nothing written
            for (List<String> args : List.of(List.of("--home", dist.resolve("state").toString()),
                    List.of("--home", dist.getParent().toString()),
                    List.of("--home", folder.resolve("ok-home").toString(), "--rw", dist.resolve("bin").toString()))) {
                List<String> command = new java.util.ArrayList<>(List.of("install-service", "--root", root.toString(),
                        "--user", "scx"));
                command.addAll(args);
                Installation.Result r = sc.cliWithEnvironment(Map.of(), false, command.toArray(String[]::new));
                assertEquals(1, r.exit(), r.toString());
                assertTrue(r.err().contains("the service would be able to change the programs root runs"), r.toString());
                assertFalse(Files.exists(root.resolve("etc/systemd/system/serverconnect.service")), r.toString());
                assertFalse(r.out().contains("would run: useradd"), r.toString());
            }
            // without --home: its own home outside the distribution, and only that home writable
            Installation.Result r = sc.cliWithEnvironment(Map.of(), false, "install-service", "--root", root.toString(),
                    "--user", "scx");
            assertEquals(0, r.exit(), r.toString());
            List<String> unit = Files.readAllLines(root.resolve("etc/systemd/system/serverconnect.service"));
            assertTrue(unit.contains("ReadWritePaths=/var/lib/serverconnect"), String.join("\n", unit));
            assertTrue(unit.contains("ExecStart=" + dist + "/bin/serverconnect --home /var/lib/serverconnect run"),
                    String.join("\n", unit));
        }
    }

    @Test
    void theDistributionMustBelongToRootBeforeItBecomesAService() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root (CI runs as root)");
        Path root = folder.resolve("root");
        try (Installation sc = Installation.in(folder)) {
            Path copy = folder.resolve("dist");
            copyTree(sc.dist(), copy);
            Path launcher = copy.resolve("bin/serverconnect");
            List<String> install = List.of(launcher.toString(), "--home", folder.resolve("svc-home").toString(),
                    "install-service", "--root", root.toString(), "--user", "nobody");
            Installation.Result fine = exec(install);
            assertEquals(0, fine.exit(), fine.toString());

            Path jar = Files.list(copy.resolve("bundle")).filter(p -> p.getFileName().toString().startsWith("org.serverconnect.engine"))
                    .findFirst().orElseThrow();
            exec(List.of("chown", "nobody", jar.toString()));
            Installation.Result owned = exec(install);
            assertEquals(1, owned.exit(), owned.toString());
            assertTrue(owned.err().contains("the distribution must belong to root") && owned.err().contains(jar.toString()),
                    owned.toString());

            exec(List.of("chown", "root", jar.toString()));
            Files.setPosixFilePermissions(launcher, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xrwx"));
            Installation.Result writable = exec(install);
            assertEquals(1, writable.exit(), writable.toString());
            assertTrue(writable.err().contains(launcher.toString()), writable.toString());
        }
    }

    @Test
    void rootDoesNotRunAHomeAnotherUserOwns() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root is refused (CI runs as root)");
        try (Installation sc = Installation.in(folder)) {
            sc.run();                                  // a home as the runtime makes it
            sc.terminate();
            for (String command : List.of("run", "start")) {
                exec(List.of("chown", "-R", "nobody", sc.home().toString()));
                Installation.Result r = sc.cli(command);
                assertEquals(1, r.exit(), r.toString());
                assertTrue(r.err().contains("refusing to run as root on a home that nobody owns"), r.toString());
                assertEquals(3, sc.cli("status").exit(), "nothing was started");
            }
            exec(List.of("chown", "-R", "root", sc.home().toString()));
            sc.run();
            assertEquals(0, sc.cli("status").exit());
        }
    }

    private static Installation.Result exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "returns: " + command);
        return new Installation.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.filter(p -> !p.startsWith(from.resolve("demo"))).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
