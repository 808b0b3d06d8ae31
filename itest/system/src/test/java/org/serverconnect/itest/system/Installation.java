package org.serverconnect.itest.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Server Connect installation for a system test: the assembled distribution with its own home in a temporary
 * folder and its own free HTTP port. It drives the runtime as a user would, through {@code bin/serverconnect}, and can
 * stop it cleanly (SIGTERM) or kill it (SIGKILL).
 */
public final class Installation implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dist;
    private final Path home;
    private final int httpPort;
    private Process runtime;
    private String javaOptions;
    /** the hosts besides Pagero Online's that a connection may reach: the tests' emulators run on 127.0.0.1 */
    private String networkHosts = "127.0.0.1";

    private Installation(Path dist, Path home, int httpPort) {
        this.dist = dist;
        this.home = home;
        this.httpPort = httpPort;
    }

    /** A new installation whose home is {@code <folder>/home} (created by the launcher on first use). */
    public static Installation in(Path folder) {
        String d = System.getProperty("serverconnect.dist");
        if (d == null) {
            throw new IllegalStateException("system property serverconnect.dist is not set (run through Maven failsafe)");
        }
        Path dist = Path.of(d).toAbsolutePath().normalize();
        if (!Files.isExecutable(dist.resolve("bin/serverconnect"))) {
            throw new IllegalStateException("no assembled distribution at " + dist);
        }
        return new Installation(dist, folder.resolve("home"), freePort());
    }

    /** JVM options for the runtime {@link #run} starts ({@code JAVA_OPTS} of the launcher; not for other commands). */
    public Installation javaOptions(String options) {
        this.javaOptions = options;
        return this;
    }

    /**
     * The hosts a connection may reach besides Pagero Online's ({@code serverconnect.connection.allowedHosts}, given to
     * the runtime {@link #run} starts); 127.0.0.1, where the tests' emulators run, unless told otherwise ({@code null}:
     * Pagero Online's only).
     */
    public Installation networkHosts(String hosts) {
        this.networkHosts = hosts;
        return this;
    }

    private String runtimeOptions() {
        String hosts = networkHosts == null ? "" : "-Dserverconnect.connection.allowedHosts=" + networkHosts;
        return ((javaOptions == null ? "" : javaOptions) + " " + hosts).trim();
    }

    public Path home() {
        return home;
    }

    /** The assembled distribution the installation runs from. */
    public Path dist() {
        return dist;
    }

    /** The HTTP port given to the runtime ({@code SERVERCONNECT_HTTP_PORT}). */
    public int httpPort() {
        return httpPort;
    }

    public Path etc() {
        return home.resolve("etc");
    }

    public Path logFile() {
        return home.resolve("log/serverconnect.log");
    }

    /** The result of one launcher command. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code bin/serverconnect --home <home> <args>} and waits for it. */
    public Result cli(String... args) {
        return cliWithInput("", args);
    }

    /** As {@link #cli}, with {@code input} on the command's standard input. */
    public Result cliWithInput(String input, String... args) {
        return cli(input, Map.of(), true, args);
    }

    /**
     * Runs {@code bin/serverconnect} with more environment variables (a value of {@code null} removes one), and
     * without {@code --home} when {@code withHome} is false (the launcher then chooses the home).
     */
    public Result cliWithEnvironment(Map<String, String> environment, boolean withHome, String... args) {
        return cli("", environment, withHome, args);
    }

    private Result cli(String input, Map<String, String> environment, boolean withHome, String... args) {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/serverconnect").toString()));
        if (withHome) {
            command.addAll(List.of("--home", home.toString()));
        }
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("sc-cli", ".out");
            Path err = Files.createTempFile("sc-cli", ".err");
            Path in = Files.createTempFile("sc-cli", ".in");
            Files.writeString(in, input);
            ProcessBuilder b = builder(command);
            environment.forEach((k, v) -> {
                if (v == null) {
                    b.environment().remove(k);
                } else {
                    b.environment().put(k, v);
                }
            });
            Process p = b.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(READY_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("launcher did not return: " + command);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            Files.delete(in);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code serverconnect run} as a child process and waits until {@code status} says ready. */
    public Installation run() {
        spawn();
        awaitReady();
        return this;
    }

    /** Starts {@code serverconnect run} as a child process and returns at once (see {@link #awaitReady}). */
    public Installation spawn() {
        return spawn(Map.of(), "run");
    }

    /**
     * Starts {@code serverconnect --home <home> <args>} (a command that runs the runtime in the foreground: run,
     * demo) as a child process, with more environment variables, and returns at once.
     */
    public Installation spawn(Map<String, String> environment, String... args) {
        if (runtime != null && runtime.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            Files.createDirectories(home.getParent());
            List<String> command = new ArrayList<>(List.of(dist.resolve("bin/serverconnect").toString(), "--home",
                    home.toString()));
            command.addAll(List.of(args));
            ProcessBuilder b = builder(command);
            b.environment().putAll(environment);
            b.environment().put("JAVA_OPTS", runtimeOptions());
            runtime = b.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.getParent().resolve("run.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Runs {@code serverconnect run --shell}, types {@code commands} into the Gogo shell once the runtime is ready,
     * then {@code stop 0}; returns everything the shell printed.
     */
    public String shell(String... commands) {
        try {
            Files.createDirectories(home.getParent());
            Path out = home.getParent().resolve("shell.out");
            List<String> command = List.of(dist.resolve("bin/serverconnect").toString(), "--home", home.toString(), "run", "--shell");
            ProcessBuilder b = builder(command);
            b.environment().put("JAVA_OPTS", runtimeOptions());
            Process p = b.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            runtime = p;
            awaitReady();
            try (var in = new java.io.PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8)) {
                for (String c : commands) {
                    in.println(c);
                }
                in.println("stop 0");
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the shell did not stop:\n" + Files.readString(out));
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public void awaitReady() {
        Poll.until("ready", READY_TIMEOUT, Duration.ofMillis(200), () -> {
            Result r = cli("status");
            if (r.exit() != 0 && runtime != null && !runtime.isAlive()) {
                throw new AssertionError("runtime exited with " + runtime.exitValue() + " before it was ready:\n" + runOutput());
            }
            return r;
        }, r -> r.exit() == 0, last -> "last status: " + last + "\n" + runOutput());
    }

    /** The process started by {@link #run()}. */
    public Process process() {
        return runtime;
    }

    /** Sends SIGTERM to the runtime and waits for it to exit. @return how long it took */
    public Duration terminate() {
        long start = System.nanoTime();
        runtime.destroy();
        waitForExit();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Kills the runtime with SIGKILL, as a crash or power loss would. */
    public void kill() {
        runtime.destroyForcibly();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!runtime.waitFor(60, TimeUnit.SECONDS)) {
                runtime.destroyForcibly();
                throw new AssertionError("runtime did not exit within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String runOutput() {
        try {
            Path out = home.getParent().resolve("run.out");
            return Files.exists(out) ? Files.readString(out) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The runtime status file ({@code data/runtime.status}) as key/value pairs. */
    public Map<String, String> runtimeStatus() {
        return properties(home.resolve("data/runtime.status"));
    }

    /** A value of the home's settings file. */
    public String setting(String key) {
        return properties(etc().resolve("serverconnect.properties")).get(key);
    }

    public static Map<String, String> properties(Path file) {
        Map<String, String> map = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    map.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    /**
     * Writes {@code etc/org.serverconnect.transport.pagero-<name>.cfg}: a connection to an emulator at {@code base}
     * whose certificate is trusted through {@code emulatorData}'s trust store.
     */
    public void connection(String name, java.net.URI base, Path emulatorData, String client, String secret, String user,
            String password, String... more) throws IOException {
        List<String> lines = new ArrayList<>(List.of("apiUrl = " + base, "ssoUrl = " + base, "clientId = " + client,
                ".clientSecret = " + secret, "username = " + user, ".password = " + password,
                "truststore = " + emulatorData.resolve("emulator-truststore.p12"), ".truststorePassword = changeit"));
        lines.addAll(List.of(more));
        Files.createDirectories(etc());
        Path file = etc().resolve("org.serverconnect.transport.pagero-" + name + ".cfg");
        Files.writeString(file, String.join("\n", lines) + "\n");
        // it holds secrets: only the runtime's user may read it (doctor would say so otherwise)
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    public static final String ACME = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";
    public static final String GLOBEX = "7d2b9e10-2222-4f3a-8c6d-1e4f5a6b7c82";

    /**
     * The emulator's two default companies as two accounts: {@code acme} sends (every second, files ready at once,
     * follow-up every second, no receiving), {@code globex} receives every second and does not send.
     */
    public void acmeSendsToGlobex(java.net.URI base, Path emulatorData, String... moreForAcme) throws IOException {
        connection("acme_c", base, emulatorData, "demo-client", "demo-secret", "acme-api", "acme-pass");
        connection("globex_c", base, emulatorData, "demo-client", "demo-secret", "globex-api", "globex-pass");
        List<String> acme = new ArrayList<>(List.of("connection = acme_c", "company = " + ACME, "send.schedule = every 1s",
                "followup.schedule = every 1s", "receive = false", "pickup.stableFor = 0", "pickup.minAge = 0"));
        acme.addAll(List.of(moreForAcme));
        Files.writeString(etc().resolve("org.serverconnect.account-acme.cfg"), String.join("\n", acme) + "\n");
        Files.writeString(etc().resolve("org.serverconnect.account-globex.cfg"), String.join("\n", "connection = globex_c",
                "company = " + GLOBEX, "send = false", "receive.schedule = every 1s", ""));
    }

    /** The demo's sample invoice from Acme to Globex, with another invoice number if {@code number} is not null. */
    public String sampleInvoice(String number) {
        try {
            String xml = Files.readString(dist.resolve("defaults/demo/samples/acme-invoice-1001.xml"));
            return number == null ? xml : xml.replace("ACME-1001", number);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GETs {@code path} with the console's login until the answer contains {@code text}; returns that answer. */
    public String awaitHttp(String path, String text, Duration timeout) {
        String password = setting("felix.webconsole.password");
        return Poll.until(path + " has '" + text + "'", timeout, Duration.ofMillis(250), () -> httpGet(path, "admin", password),
                r -> r.body().contains(text), r -> "last: " + r.statusCode() + "\n" + r.body() + "\n--- log\n" + log()).body();
    }

    /**
     * The doctor's findings ({@code serverconnect doctor}) once they satisfy {@code until}: a change of the
     * configuration or of the world around the runtime takes a moment to show.
     */
    public Result awaitDoctor(java.util.function.Predicate<Result> until, Duration timeout) {
        return Poll.until("the doctor's findings", timeout, Duration.ofMillis(300), () -> cli("doctor"), until,
                last -> "last:\n" + last + "\n--- log\n" + log());
    }

    /**
     * How many runs of {@code kind} (send, receive, followup) {@code account} has finished, well or not, as the
     * runtime's metrics count them ({@code serverconnect_run_duration_seconds_count}); they count from 0 again when
     * the account starts again.
     */
    public long runs(String account, String kind) {
        String metrics = httpGet("/metrics", "admin", setting("felix.webconsole.password")).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^serverconnect_run_duration_seconds_count\\{account=\""
                + java.util.regex.Pattern.quote(account) + "\",kind=\"" + java.util.regex.Pattern.quote(kind)
                + "\",outcome=\"[a-z]+\"} ([0-9.eE+]+)$", java.util.regex.Pattern.MULTILINE).matcher(metrics);
        long runs = 0;
        while (m.find()) {
            runs += (long) Double.parseDouble(m.group(1));
        }
        return runs;
    }

    /**
     * Waits until {@code account} has finished {@code more} runs of {@code kind} after this call: the run under way
     * now, if any, counts as one. @return the number of finished runs then
     */
    public long awaitRuns(String account, String kind, int more, Duration timeout) {
        long target = runs(account, kind) + more;
        return Poll.until(account + " finished " + more + " more " + kind + " runs (" + target + " in all)", timeout,
                () -> runs(account, kind), n -> n >= target, last -> "finished " + last + "\n--- log\n" + log());
    }

    /**
     * Makes a folder read-only for the runtime, or writable again. Permission bits do not stop root (CI runs as
     * root), so as root the folder is made immutable instead ({@code chattr +i}), which stops everyone.
     */
    public static void readOnly(Path dir, boolean on) throws IOException, InterruptedException {
        if ("root".equals(System.getProperty("user.name"))) {
            Process p = new ProcessBuilder("chattr", on ? "+i" : "-i", dir.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new AssertionError("chattr " + (on ? "+i " : "-i ") + dir + " failed");
            }
        } else {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString(on ? "r-xr-x---" : "rwxr-x---"));
        }
    }

    /** The text of every file under {@code dir} (mails, say), one after the other; empty when there is no such folder. */
    public static String textOfFilesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder all = new StringBuilder();
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                all.append(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    /** The runtime's web server, for browsers. */
    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** POST (empty body) on the runtime's web server, with basic authentication and more headers (name, value...). */
    public HttpResponse<String> httpPost(String path, String user, String password, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpRequest request = b.build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET on the runtime's web server, with basic authentication if a user is given. */
    public HttpResponse<String> httpGet(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(20));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the runtime's log contains {@code text}; returns the first line that does. */
    public String awaitLog(String text, Duration timeout) {
        return Poll.until("a line with '" + text + "' in the log", timeout, () -> findLog(text), java.util.Objects::nonNull,
                last -> "the log:\n" + log());
    }

    /** How many lines of the runtime's log contain {@code text}. */
    public long countLog(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    public String findLog(String text) {
        return log().lines().filter(l -> l.contains(text)).findFirst().orElse(null);
    }

    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().remove("SERVERCONNECT_HOME");
        b.environment().put("SERVERCONNECT_HTTP_PORT", Integer.toString(httpPort));

        return b;
    }

    /** A port nobody listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves nothing running: a runtime still alive after a test is killed, and a background one stopped. */
    @Override
    public void close() {
        if (runtime != null && runtime.isAlive()) {
            runtime.destroyForcibly();
        }
        Result status = cli("status");
        if (status.exit() != 3) {
            cli("stop", "--timeout", "10");
        }
    }
}
