package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server Connect deployed into an existing Apache Karaf 4.4 (from Maven Central): a copy of Karaf gets the
 * {@code serverconnect} feature from the {@code .kar} the build makes (it carries its bundles, so Karaf reaches no
 * Maven repository) as a boot feature, an account and its connection as {@code .cfg} files in Karaf's {@code etc/};
 * an invoice dropped into the account's outbox is sent to the emulator and received by the other company.
 */
class KarafIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path folder;

    @Test
    void theFeatureRunsInKarafAndSendsADocumentToTheEmulator() throws Exception {
        Path karaf = copyKaraf(folder.resolve("karaf"));
        Path home = Files.createDirectories(folder.resolve("sc-home"));
        int http = freePort();
        String password = "karaf-it-" + System.nanoTime();
        // Karaf's system properties become framework properties: the home, the web server's port, the console login
        Files.writeString(karaf.resolve("etc/system.properties"), String.join("\n", "", "serverconnect.home = " + home,
                "org.osgi.service.http.port = " + http, "org.apache.felix.http.host = 127.0.0.1",
                "felix.webconsole.username = admin", "felix.webconsole.password = " + password,
                        "serverconnect.connection.allowedHosts = 127.0.0.1", ""),
                java.nio.file.StandardOpenOption.APPEND);
        // no SSH server and no JMX in a test (their fixed ports may be taken)
        Path features = karaf.resolve("etc/org.apache.karaf.features.cfg");
        Files.writeString(features, Files.readString(features).replace("    ssh/4.4.10, \\\n", "")
                .replace("    management/4.4.10, \\\n", ""));
        // the feature at boot, from the kar's repository unpacked into Karaf's system/ (Karaf's own repository)
        preinstall(Path.of(System.getProperty("serverconnect.kar")), karaf);

        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        Process runtime = null;
        try {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Path etc = karaf.resolve("etc");
            for (String[] c : new String[][] { { "acme", "acme-api", "acme-pass" }, { "globex", "globex-api", "globex-pass" } }) {
                Files.writeString(etc.resolve("org.serverconnect.transport.pagero-" + c[0] + "_c.cfg"), String.join("\n",
                        "apiUrl = " + base, "ssoUrl = " + base, "clientId = demo-client", ".clientSecret = demo-secret",
                        "username = " + c[1], ".password = " + c[2],
                        "truststore = " + emulatorData.resolve("emulator-truststore.p12"), ".truststorePassword = changeit", ""));
            }
            Files.writeString(etc.resolve("org.serverconnect.account-acme.cfg"), String.join("\n", "connection = acme_c",
                    "company = " + Installation.ACME, "send.schedule = every 1s", "receive = false", "pickup.stableFor = 0",
                    "pickup.minAge = 0", ""));
            Files.writeString(etc.resolve("org.serverconnect.account-globex.cfg"), String.join("\n", "connection = globex_c",
                    "company = " + Installation.GLOBEX, "send = false", "receive.schedule = every 1s", ""));

            ProcessBuilder pb = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server").redirectErrorStream(true)
                    .redirectOutput(folder.resolve("karaf.out").toFile());
            pb.environment().put("KARAF_HOME", karaf.toString());
            runtime = pb.start();

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            awaitBody(client, auth, "http://127.0.0.1:" + http + "/api/v1/accounts", "\"status\" : \"ONLINE\"", runtime, karaf, 2);

            Path outbox = home.resolve("accounts/acme/outbox");
            Files.createDirectories(outbox);
            Path sample = Path.of(System.getProperty("serverconnect.dist"), "defaults/demo/samples/acme-invoice-1001.xml");
            Files.copy(sample, outbox.resolve(".acme-invoice-1001.xml.part"));
            Files.move(outbox.resolve(".acme-invoice-1001.xml.part"), outbox.resolve("acme-invoice-1001.xml"));
            awaitBody(client, auth, "http://127.0.0.1:" + http + "/api/v1/accounts/globex/documents?state=ACKNOWLEDGED",
                    "ACME-1001", runtime, karaf, 1);
            try (Stream<Path> inbox = Files.list(home.resolve("accounts/globex/inbox"))) {
                List<Path> arrived = inbox.filter(p -> p.getFileName().toString().startsWith("ACME-1001")).toList();
                assertTrue(arrived.size() == 1, "received into globex's inbox: " + arrived);
            }
            assertTrue(Files.exists(home.resolve("accounts/acme/sent/acme-invoice-1001.xml")), "settled into sent/");
            HttpClient control = EmulatorProcess.trusting(emulatorData.resolve("emulator-truststore.p12"));
            String uploads = control.send(HttpRequest.newBuilder(base.resolve("/emulator/uploads")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(uploads.contains("_ACME_1001.xml\""), uploads);
            // every bundle active (the runtime bundle's readiness report), the shell commands' bundle too
            String status = Files.readString(home.resolve("data/runtime.status"));
            assertTrue(status.contains("state=ready") && !status.contains("problem="), status);
        } finally {
            if (runtime != null) {
                stop(runtime);
            }
            emulator.destroy();
        }
    }

    /**
     * Stops Karaf cleanly: {@code bin/karaf} runs Java as its child, so SIGTERM goes to the Java process (Karaf's
     * shutdown hook stops the bundles), then to the script; whatever is left after a minute is killed.
     */
    private static void stop(Process karaf) throws InterruptedException {
        List<ProcessHandle> children = karaf.toHandle().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        karaf.destroy();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (ProcessHandle h : children) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            h.destroyForcibly();
        }
        if (!karaf.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            karaf.destroyForcibly();
        }
    }

    /** Polls a URL of the runtime until its body contains {@code text} {@code times} times. */
    private void awaitBody(HttpClient client, String auth, String url, String text, Process runtime, Path karaf, int times)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!runtime.isAlive()) {
                break;
            }
            try {
                last = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (last.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= times) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();          // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " never had " + times + " x '" + text + "'; last: " + last + "\n--- karaf\n"
                + tail(folder.resolve("karaf.out")) + "\n--- karaf.log\n" + tail(karaf.resolve("data/log/karaf.log")));
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /**
     * What an administrator does to have Server Connect in Karaf from its first start: the kar's {@code repository/}
     * into Karaf's {@code system/}, its features repository and the {@code serverconnect} feature into
     * {@code etc/org.apache.karaf.features.cfg}. (A running Karaf takes the kar in {@code deploy/} or through
     * {@code kar:install} instead.)
     */
    private static void preinstall(Path kar, Path karaf) throws IOException {
        String features = null;
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(kar))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null;) {
                if (!e.getName().startsWith("repository/") || e.isDirectory()) {
                    continue;
                }
                String path = e.getName().substring("repository/".length());
                Path target = karaf.resolve("system").resolve(path).normalize();
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                if (path.endsWith("-features.xml")) {
                    String[] p = path.split("/");
                    int n = p.length;
                    features = "mvn:" + String.join(".", java.util.Arrays.copyOf(p, n - 3)) + "/" + p[n - 3] + "/" + p[n - 2]
                            + "/xml/features";
                }
            }
        }
        assertTrue(features != null, "the kar carries its features repository");
        Path cfg = karaf.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg);
        text = text.replace("featuresRepositories = \\\n", "featuresRepositories = \\\n    " + features + ", \\\n");
        text = text.replace("    kar/4.4.10\n", "    kar/4.4.10, \\\n    serverconnect\n");
        Files.writeString(cfg, text);
        assertTrue(text.contains(features) && text.contains("    serverconnect\n"), text);
    }

    /** A private copy of the unpacked Karaf, so that every run starts clean. */
    private static Path copyKaraf(Path target) throws IOException {
        Path source = Path.of(System.getProperty("karaf.home"));
        if (!Files.isExecutable(source.resolve("bin/karaf"))) {
            throw new IllegalStateException("no Karaf at " + source + " (unpacked by the build in pre-integration-test)");
        }
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
