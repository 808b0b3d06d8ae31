package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a user meets it: commands, exit codes, the home, start, stop, status, crash. */
class LauncherIT {

    @TempDir
    Path folder;

    @Test
    void commandsAreExplainedAndMistakesGetUsageOnStderrWithExitCode2() {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result help = sc.cli("help");
            assertEquals(0, help.exit(), help.toString());
            assertTrue(help.out().contains("Usage: serverconnect"), help.toString());

            Installation.Result version = sc.cli("version");
            assertEquals(0, version.exit(), version.toString());
            assertTrue(version.out().matches("serverconnect \\d+\\.\\d+\\.\\d+.*\\n"), version.toString());

            Installation.Result unknown = sc.cli("frobnicate");
            assertEquals(2, unknown.exit(), unknown.toString());
            assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.toString());
            assertTrue(unknown.err().contains("Usage: serverconnect"), unknown.toString());
            assertEquals("", unknown.out());

            Installation.Result none = sc.cli();
            assertEquals(2, none.exit(), none.toString());
            assertTrue(none.err().contains("Usage: serverconnect"), none.toString());

            Installation.Result status = sc.cli("status");
            assertEquals(3, status.exit(), "a home that never ran is not running: " + status);
            assertTrue(status.out().contains("not running"), status.toString());
        }
    }

    @Test
    void runReachesReadyWithEveryBundleActiveAndStopsCleanlyOnSigterm() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            sc.run();

            // A new home was made from the defaults, with a generated console password readable only by its owner.
            Path settings = sc.etc().resolve("serverconnect.properties");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(settings));
            String password = sc.setting("felix.webconsole.password");
            assertTrue(password != null && password.length() >= 32, "generated password: " + password);

            Installation.Result status = sc.cli("status");
            assertEquals(0, status.exit(), status.toString());
            Matcher m = Pattern.compile("is ready .* (\\d+)/(\\d+) bundles active").matcher(status.out());
            assertTrue(m.find(), status.toString());
            assertEquals(m.group(2), m.group(1), "every bundle active: " + status);

            // The web console answers on 127.0.0.1, refuses the well-known default login, takes the home's password,
            // and agrees that every bundle is active.
            assertEquals(401, sc.httpGet("/system/console/bundles.json", "admin", "admin").statusCode());
            HttpResponse<String> bundles = sc.httpGet("/system/console/bundles.json", "admin", password);
            assertEquals(200, bundles.statusCode(), bundles.body());
            Matcher counts = Pattern.compile("\"s\":\\[(\\d+),(\\d+),(\\d+)").matcher(bundles.body());
            assertTrue(counts.find(), bundles.body());
            int total = Integer.parseInt(counts.group(1));
            int active = Integer.parseInt(counts.group(2));
            int fragments = Integer.parseInt(counts.group(3));
            assertEquals(total, active + fragments, "web console bundle counts: " + counts.group());

            Map<String, String> runtime = sc.runtimeStatus();
            Duration stopped = sc.terminate();
            System.out.printf("FIGURE launcher: ready after %s ms (JVM start to every bundle active, first start of a "
                    + "new home); SIGTERM to exit %d ms%n", runtime.get("ready.after.ms"), stopped.toMillis());

            assertEquals("stopping", sc.runtimeStatus().get("state"), "the runtime said it was stopping");
            assertTrue(sc.log().contains("Notifier log removed"), "components were deactivated on the way out");
            Installation.Result after = sc.cli("status");
            assertEquals(3, after.exit(), after.toString());
            assertFalse(Files.exists(sc.home().resolve("data/serverconnect.pid")), "stale pid file removed");
        }
    }

    @Test
    void startAndStopInTheBackground() {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result start = sc.cli("start");
            assertEquals(0, start.exit(), start.toString());
            assertTrue(start.out().contains("is ready"), start.toString());
            assertEquals(0, sc.cli("status").exit());

            Installation.Result again = sc.cli("start");
            assertEquals(0, again.exit(), "starting a running home is harmless: " + again);
            assertTrue(again.out().contains("is ready"), again.toString());

            Installation.Result run = sc.cli("run");
            assertEquals(1, run.exit(), run.toString());
            assertTrue(run.err().contains("already running"), run.toString());

            Installation.Result stop = sc.cli("stop");
            assertEquals(0, stop.exit(), stop.toString());
            assertTrue(stop.out().contains("stopped"), stop.toString());
            assertEquals(3, sc.cli("status").exit());

            Installation.Result stopAgain = sc.cli("stop");
            assertEquals(0, stopAgain.exit(), stopAgain.toString());
            assertTrue(stopAgain.out().contains("not running"), stopAgain.toString());
        }
    }

    @Test
    void theFirstCleanStopWritesAClassArchiveThatLaterStartsUseAndABrokenOneIsReplaced() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Path cds = sc.home().resolve("data/cds");
            sc.run();
            assertTrue(Pattern.compile("-XX:ArchiveClassesAtExit=" + Pattern.quote(cds.toString()) + "/runtime-\\d+\\.jsa\\.new")
                    .matcher(arguments(sc)).find(), arguments(sc));
            Duration writing = sc.terminate();
            assertTrue(Files.size(only(cds, ".jsa.new")) > 1_000_000, "the archive was written at the stop");

            sc.run();
            Path archive = only(cds, ".jsa");
            assertTrue(arguments(sc).contains("-XX:SharedArchiveFile=" + archive), "checked, then used: " + arguments(sc));
            Map<String, String> runtime = sc.runtimeStatus();
            Duration stopped = sc.terminate();
            System.out.printf("FIGURE launcher: with the class archive ready after %s ms; the stop that wrote it took %d ms,"
                    + " a later one %d ms%n", runtime.get("ready.after.ms"), writing.toMillis(), stopped.toMillis());

            // a runtime killed while writing leaves a broken archive: it is thrown away and written again
            Files.delete(archive);
            Path broken = Files.write(cds.resolve(archive.getFileName() + ".new"), new byte[4096]);
            sc.run();
            assertFalse(Files.exists(broken) && Files.size(broken) == 4096, "the broken archive is not kept");
            assertTrue(arguments(sc).contains("-XX:ArchiveClassesAtExit=" + broken), arguments(sc));
            sc.terminate();
            assertTrue(Files.size(broken) > 1_000_000, "written again at the stop");
            assertEquals("", sc.runOutput().lines().filter(l -> l.contains("[cds]") || l.contains("CDS")).reduce("",
                    String::concat), "the JVM's archive notes stay off the console");
        }
    }

    /** The runtime's command line (the launcher's {@code run} becomes the JVM: same process). */
    private static String arguments(Installation sc) throws java.io.IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(sc.process().pid()), "cmdline")),
                java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static Path only(Path dir, String suffix) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            java.util.List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), "one " + suffix + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    @Test
    void afterSigkillStatusTellsTheTruthAndTheRuntimeStartsAgain() {
        try (Installation sc = Installation.in(folder)) {
            sc.run();
            long firstPid = sc.process().pid();
            sc.kill();

            Installation.Result status = sc.cli("status");
            assertEquals(3, status.exit(), "a killed runtime is not running, whatever its files say: " + status);

            sc.run();
            assertNotEquals(firstPid, sc.process().pid());
            assertEquals(0, sc.cli("status").exit());
            sc.terminate();
        }
    }
}
