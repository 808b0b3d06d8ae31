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
import java.util.List;
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
    void helpNamesTheRealFoldersAndNoCommandThatOnlyPrintsHelpOrUsageCreatesAHome() {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result help = sc.cli("help");
            assertTrue(!help.out().contains("$DIST") && help.out().contains(sc.dist() + "/demo"), help.out());
            assertTrue(help.out().contains("~/.serverconnect"), "the default home: " + help.out());
            for (String[] args : new String[][] { { "--help" }, { "run", "--help" }, { "demo", "--help" },
                { "start", "-h" }, { "stop", "--help" }, { "accounts", "--help" }, { "doctor", "--help" },
                { "account", "--help" }, { "account", "add", "--help" }, { "connection", "add", "--help" },
                { "account", "list" }, { "account" }, { "status" }, { "doctor" }, { "history" }, { "frobnicate" } }) {
                Installation.Result r = sc.cli(args);
                assertTrue(r.out().contains("Usage") || r.err().contains("Usage") || r.out().contains("usage")
                        || r.err().contains("usage") || List.of("status", "doctor", "account").contains(args[0]),
                        String.join(" ", args) + ": " + r);
                assertFalse(Files.exists(sc.home()), "'" + String.join(" ", args) + "' created the home: " + r);
            }
            assertTrue(sc.cli("run", "--help").out().contains("Usage: serverconnect"), "--help prints the usage on stdout");
            assertEquals(0, sc.cli("demo", "--help").exit());
        }
    }

    @Test
    void withoutHomeTheStateLivesUnderTheUsersHomeNeverInTheDistributionThatARebuildDeletes() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Path user = Files.createDirectories(folder.resolve("user"));
            Map<String, String> env = Map.of("HOME", user.toString());
            boolean distHadEtc = Files.exists(sc.dist().resolve("etc"));
            Installation.Result start = sc.cliWithEnvironment(env, false, "start");
            try {
                assertEquals(0, start.exit(), start.toString());
                Path home = user.resolve(".serverconnect");
                assertTrue(start.out().contains("created home " + home.toRealPath() + " from the defaults (the default home;"),
                        "says where and how to choose another: " + start);
                assertTrue(Files.isRegularFile(home.resolve("etc/serverconnect.properties")), start.toString());
                assertTrue(Files.isRegularFile(home.resolve("data/serverconnect.pid")), "its state is there");
                assertEquals(distHadEtc, Files.exists(sc.dist().resolve("etc")), "nothing new in the distribution");
                assertFalse(Files.exists(sc.dist().resolve("data/serverconnect.pid")), "no state in the distribution");
                Installation.Result status = sc.cliWithEnvironment(env, false, "status");
                assertEquals(0, status.exit(), status.toString());
                assertTrue(status.out().contains("home " + home.toRealPath()), status.toString());
            } finally {
                assertEquals(0, sc.cliWithEnvironment(env, false, "stop").exit());
            }
            // without $HOME either, there is no sensible place: it says what to give
            Map<String, String> noHome = new java.util.HashMap<>();
            noHome.put("HOME", null);
            Installation.Result refused = sc.cliWithEnvironment(noHome, false, "status");
            assertEquals(1, refused.exit(), refused.toString());
            assertTrue(refused.err().contains("give --home DIR (or set SERVERCONNECT_HOME)"), refused.toString());
            assertEquals(0, sc.cliWithEnvironment(noHome, false, "version").exit(), "what needs no home works");
        }
    }

    @Test
    void aBusyWebPortIsOneClearLineAndADegradedRuntimeWhoseOtherCommandsKeepWorking() throws Exception {
        try (Installation sc = Installation.in(folder);
                java.net.ServerSocket other = new java.net.ServerSocket()) {
            other.bind(new java.net.InetSocketAddress("127.0.0.1", sc.httpPort()));
            String inUse = "port " + sc.httpPort() + " on 127.0.0.1 is in use by another program";
            sc.spawn();
            Installation.Result status = awaitStatus(sc, "degraded");
            assertEquals(1, status.exit(), "not ready: " + status);
            assertTrue(status.out().contains("not fully ready") && status.out().contains("web server not listening: " + inUse)
                    && status.out().contains("serverconnect.http.port in " + sc.etc().toRealPath().resolve("serverconnect.properties"))
                    && status.out().contains("SERVERCONNECT_HTTP_PORT"), status.toString());
            assertFalse(status.out().contains("http://"), "never the other program's address: " + status);
            assertFalse(sc.runtimeStatus().containsKey("http"), sc.runtimeStatus().toString());

            Installation.Result accounts = sc.cli("accounts");
            assertEquals(1, accounts.exit(), accounts.toString());
            assertTrue(accounts.err().contains("web server, which is not listening: " + inUse), accounts.toString());
            Installation.Result list = sc.cli("account", "list");
            assertEquals(0, list.exit(), "what needs no web server works: " + list);
            Installation.Result doctor = sc.cli("doctor");
            assertEquals(1, doctor.exit(), doctor.toString());
            assertTrue(doctor.out().contains("PROBLEM  runtime: ") && doctor.out().contains(inUse), doctor.toString());

            sc.terminate();
            String console = sc.runOutput();
            assertEquals(1, console.lines().filter(l -> l.contains(inUse)).count(), "one line says it: " + console);
            assertFalse(console.contains("Exception") || console.contains("\tat "), "no stack trace: " + console);
            assertTrue(sc.log().contains("Failed to bind"), "the web server's own words are in the log file");
        }
    }

    @Test
    void theDemoTakesAFreeWebPortWhenItsOwnIsTakenAndSaysWhich() throws Exception {
        try (Installation sc = Installation.in(folder);
                java.net.ServerSocket other = new java.net.ServerSocket()) {
            other.bind(new java.net.InetSocketAddress("127.0.0.1", sc.httpPort()));
            sc.spawn(Map.of("SERVERCONNECT_DEMO_PORT", Integer.toString(Installation.freePort())), "demo");
            sc.awaitReady();
            String http = sc.runtimeStatus().get("http");
            assertTrue(http != null && http.startsWith("http://127.0.0.1:") && !http.endsWith(":" + sc.httpPort()), http);
            assertTrue(sc.cli("status").out().contains("status page " + http + "/status"), "status names it");
            String ready = sc.runOutput().lines().filter(l -> l.contains("Server Connect ready in ")).findFirst().orElse("");
            assertTrue(ready.contains("status page " + http + "/status"), "the console names it: " + sc.runOutput());
            Installation.Result accounts = sc.cli("accounts");
            assertEquals(0, accounts.exit(), accounts.toString());
            assertTrue(accounts.out().contains("acme  ONLINE"), accounts.toString());
            // the demo's connections hold secrets: its own doctor finds nothing to say about them
            Installation.Result doctor = sc.cli("doctor");
            assertFalse(doctor.out().contains("readable by others"), doctor.toString());
            try (var cfgs = Files.list(sc.etc())) {
                for (Path cfg : cfgs.filter(p -> p.getFileName().toString().contains("transport.pagero")).toList()) {
                    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                            Files.getPosixFilePermissions(cfg), cfg.toString());
                }
            }
            sc.terminate();
            assertFalse(sc.runOutput().contains("Exception"), sc.runOutput());
        }
    }

    /** Polls {@code status} until its output contains {@code text}. */
    private static Installation.Result awaitStatus(Installation sc, String text) {
        return Poll.until("status says '" + text + "'", Installation.READY_TIMEOUT, Duration.ofMillis(200), () -> {
            Installation.Result r = sc.cli("status");
            if (!r.out().contains(text) && !sc.process().isAlive()) {
                throw new AssertionError("the runtime exited: " + sc.runOutput());
            }
            return r;
        }, r -> r.out().contains(text), last -> "last: " + last + "\n" + sc.runOutput());
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
    void startAndStopInTheBackground() throws Exception {
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

            // lookups of what does not exist say so and fail; doctor --json is JSON
            Installation.Result nothing = sc.cli("history", "NOPE-1");
            assertEquals(1, nothing.exit(), nothing.toString());
            assertTrue(nothing.out().contains("no document known as NOPE-1"), nothing.toString());
            Installation.Result nothingJson = sc.cli("history", "NOPE-1", "--json");
            assertEquals(1, nothingJson.exit(), nothingJson.toString());
            assertEquals("not_found", json(nothingJson.out()).get("error").asText());
            Installation.Result nobody = sc.cli("accounts", "nobody");
            assertEquals(1, nobody.exit(), nobody.toString());
            assertTrue(nobody.out().contains("no account nobody"), nobody.toString());
            Installation.Result doctor = sc.cli("doctor", "--json");
            assertEquals(0, doctor.exit(), doctor.toString());
            com.fasterxml.jackson.databind.JsonNode found = json(doctor.out());
            assertTrue(found.get("ok").asBoolean() && found.get("findings").size() >= 3
                    && found.get("accounts").get("checks").isArray(), doctor.out());

            Installation.Result stop = sc.cli("stop");
            assertEquals(0, stop.exit(), stop.toString());
            assertTrue(stop.out().contains("stopped"), stop.toString());
            assertEquals(3, sc.cli("status").exit());
            Installation.Result stopped = sc.cli("doctor", "--json");
            assertEquals("runtime: not running; start it to check the accounts' folders, connections and mail",
                    json(stopped.out()).get("findings").get(3).get("message").asText(), stopped.out());

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

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
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
