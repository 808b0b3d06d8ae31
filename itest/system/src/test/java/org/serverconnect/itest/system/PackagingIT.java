package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archives as a user gets them: unpacked anywhere, they work, and they hold no absolute path. */
class PackagingIT {
    @TempDir
    Path folder;

    private static Path archive(String extension) throws Exception {
        Path target = Path.of(System.getProperty("serverconnect.dist")).toAbsolutePath().normalize().getParent();
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("serverconnect-.*\\." + extension.replace(".", "\\.")))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + extension + " in " + target));
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + List.of(command));
        assertEquals(0, p.exitValue(), List.of(command) + ":\n" + out);
        return out;
    }

    @Test
    void theTarballUnpackedElsewhereStartsAndStopsWithAHomeOfItsOwn() throws Exception {
        Path tgz = archive("tar.gz");
        Path elsewhere = folder.resolve("opt");
        Files.createDirectories(elsewhere);
        run(elsewhere, "tar", "-xzf", tgz.toString());
        String listing = run(elsewhere, "tar", "-tzf", tgz.toString());
        for (String entry : listing.split("\n")) {
            assertTrue(!entry.startsWith("/") && !entry.contains(".."), "relative entry: " + entry);
        }
        Path unpacked;
        try (Stream<Path> s = Files.list(elsewhere)) {
            unpacked = s.findFirst().orElseThrow();
        }
        // a README for the people who unpacked it, not the repository's developer README; the details beside it
        String readme = Files.readString(unpacked.resolve("README.md"));
        assertTrue(readme.contains("bin/serverconnect demo") && readme.contains("~/.serverconnect")
                && readme.contains("bin/serverconnect start") && readme.contains("docs/"), readme);
        assertTrue(!readme.contains("mvn ") && !readme.contains("itest/"), "nothing about building it: " + readme);
        for (String doc : List.of("accounts.md", "pagero-connection.md", "mail.md", "extending.md")) {
            assertTrue(Files.isRegularFile(unpacked.resolve("docs").resolve(doc)), "docs/" + doc);
        }
        Path launcher = unpacked.resolve("bin/serverconnect");
        Path home = folder.resolve("home");
        assertTrue(run(elsewhere, launcher.toString(), "version").startsWith("serverconnect "));
        run(elsewhere, "env", "SERVERCONNECT_HTTP_PORT=0", launcher.toString(), "--home", home.toString(), "start", "--wait", "90");
        String status = run(elsewhere, launcher.toString(), "--home", home.toString(), "status");
        assertTrue(status.contains("is ready") && status.contains(home.toString()), status);
        run(elsewhere, launcher.toString(), "--home", home.toString(), "stop");
    }

    @Test
    void theZipForWindowsHoldsTheSameRuntimeAndItsLaunchers() throws Exception {
        try (ZipFile zip = new ZipFile(archive("zip").toFile())) {
            List<String> names = zip.stream().map(e -> e.getName()).toList();
            String base = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
            for (String expected : List.of("bin/serverconnect.cmd", "bin/serverconnect-service.xml", "bin/serverconnect",
                    "bin/felix.jar", "conf/config.properties", "defaults/etc/serverconnect.properties",
                    "defaults/demo/samples/acme-invoice-1001.xml")) {
                assertTrue(names.contains(base + expected), "zip holds " + expected);
            }
            assertTrue(names.stream().noneMatch(n -> n.startsWith("/") || n.contains("..")), "relative entries only");
            String cmd = new String(zip.getInputStream(zip.getEntry(base + "bin/serverconnect.cmd")).readAllBytes(),
                    StandardCharsets.US_ASCII);
            assertTrue(cmd.contains("\r\n"), "Windows line endings in the .cmd");
        }
    }

    /**
     * For each Jetty 12 line, its first release without the vulnerabilities published so far (the latest: CVE-2026-19203
     * in jetty-http, fixed in 12.0.38 and 12.1.12; the build's enforcer rules in the top pom.xml list each advisory).
     */
    static final java.util.Map<Integer, Integer> FIRST_FIXED_JETTY_12 = java.util.Map.of(0, 38, 1, 12);

    @Test
    void theWebServerIsAJettyWithItsKnownVulnerabilitiesFixed() throws Exception {
        Path bundles = Path.of(System.getProperty("serverconnect.dist")).toAbsolutePath().normalize().resolve("bundle");
        List<Path> jars;
        try (Stream<Path> s = Files.list(bundles)) {
            jars = s.sorted().toList();
        }
        java.util.Set<String> versions = new java.util.TreeSet<>();
        for (Path jar : jars) {
            try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile())) {
                java.util.jar.Attributes main = j.getManifest().getMainAttributes();
                String name = String.valueOf(main.getValue("Bundle-SymbolicName")).replaceAll(";.*", "");
                String exports = String.valueOf(main.getValue("Export-Package"));
                if (name.startsWith("org.eclipse.jetty")) {
                    versions.add(main.getValue("Bundle-Version"));
                } else {
                    assertTrue(!exports.contains("org.eclipse.jetty.server;") && !exports.contains("org.eclipse.jetty.http;"),
                            jar.getFileName() + " carries a Jetty of its own");
                }
            }
        }
        assertEquals(1, versions.size(), "one Jetty, in bundles of its own: " + versions);
        String version = versions.iterator().next();
        List<Integer> parts = java.util.Arrays.stream(version.split("\\.")).limit(3).map(Integer::valueOf).toList();
        assertEquals(12, parts.get(0), "Jetty " + version);
        int firstFixed = FIRST_FIXED_JETTY_12.getOrDefault(parts.get(1), 0);
        assertTrue(parts.get(2) >= firstFixed, "Jetty " + version + " is older than 12." + parts.get(1) + "." + firstFixed
                + ", the first with its known vulnerabilities fixed");
    }

    @Test
    void theEmulatorIsNotAmongAnInstallationsBundles() throws Exception {
        Path dist = Path.of(System.getProperty("serverconnect.dist")).toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(dist.resolve("bundle"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().noneMatch(n -> n.contains("emulator")), "bundle/ holds " + names);
        }
        try (Stream<Path> s = Files.list(dist.resolve("emulator"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("org.serverconnect.pagero.emulator-")),
                    "the demo's emulator is in emulator/");
        }
    }
}
