package org.serverconnect.itest.osgi;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that boot exactly the bundles the assembled distribution ships, at the start levels its
 * {@code conf/config.properties} gives them: {@code boot/} at 1, {@code core/} at 2 in the listed order, and
 * {@code bundle/} at 3. The interactive shell ({@code shell/}) is left out, as in a background runtime.
 */
final class ShippedRuntime {

    private ShippedRuntime() {
    }

    static Path dist() {
        String dist = System.getProperty("serverconnect.dist");
        if (dist == null) {
            throw new IllegalStateException("system property serverconnect.dist is not set (run through Maven failsafe)");
        }
        Path path = Path.of(dist).toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("bundle"))) {
            throw new IllegalStateException("no assembled distribution at " + path + ": build the distribution module first");
        }
        return path;
    }

    /** @param fileInstallDir the folder FileInstall watches, as a home's {@code etc/} */
    static Option[] options(Path fileInstallDir) {
        Path dist = dist();
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        // 3 is the shipped runtime's beginning level; Pax Exam's own bundles and the test probe start above it.
        options.add(frameworkStartLevel(10));
        // FileInstall as shipped, but watching the test's folder and polling faster.
        shippedProperties(dist).forEach((key, value) -> {
            if (key.startsWith("felix.fileinstall.")) {
                options.add(frameworkProperty(key).value(value));
            }
        });
        options.add(frameworkProperty("felix.fileinstall.dir").value(fileInstallDir.toString()));
        // a home of its own (journal, account folders), beside the watched folder, as a real home has etc/ and data/
        options.add(frameworkProperty("serverconnect.home").value(fileInstallDir.resolveSibling(
                fileInstallDir.getFileName() + "-home").toString()));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        // the tests' emulators run on 127.0.0.1, which a connection reaches only when the installation allows it
        options.add(frameworkProperty("serverconnect.connection.allowedHosts").value("127.0.0.1"));
        for (String url : autoStart(dist, 1)) {
            options.add(bundle(url).startLevel(1));
        }
        for (String url : autoStart(dist, 2)) {
            options.add(bundle(url).startLevel(2));
        }
        for (Path jar : jars(dist.resolve("bundle"))) {
            options.add(bundle(jar.toUri().toString()).startLevel(3));
        }
        // the Pagero Online emulator, which the demo adds (and these tests), but an installation does not
        for (Path jar : jars(dist.resolve("emulator"))) {
            options.add(bundle(jar.toUri().toString()).startLevel(3));
        }
        options.add(junitBundles());
        return options.toArray(Option[]::new);
    }

    /** The shipped {@code conf/config.properties}, without substitution. */
    static java.util.Map<String, String> shippedProperties(Path dist) {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(dist.resolve("conf/config.properties"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Map<String, String> map = new java.util.TreeMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    /** The bundle URLs of {@code felix.auto.start.<level>} in the shipped {@code conf/config.properties}. */
    static List<String> autoStart(Path dist, int level) {
        try {
            String text = Files.readString(dist.resolve("conf/config.properties"), StandardCharsets.UTF_8)
                    .replace("\\\n", " ");
            Matcher m = Pattern.compile("(?m)^felix\\.auto\\.start\\." + level + "=(.*)$").matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("felix.auto.start." + level + " not found in conf/config.properties");
            }
            List<String> urls = new ArrayList<>();
            for (String word : m.group(1).trim().split("\\s+")) {
                urls.add(word.replace("${serverconnect.dist}", dist.toString()));
            }
            return urls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> jars(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
