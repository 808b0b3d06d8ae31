package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/serverconnect emulator} as a separate process, for the system tests. */
public final class EmulatorProcess {
    private static final Pattern URL = Pattern.compile("(https?://127\\.0\\.0\\.1:\\d+)");

    private EmulatorProcess() {
    }

    public static Process start(String... args) throws Exception {
        Path dist = Path.of(System.getProperty("serverconnect.dist"));
        List<String> command = new java.util.ArrayList<>(List.of(dist.resolve("bin/serverconnect").toString(), "emulator"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the process's output until the line with the base URL. */
    public static String awaitUrl(Process p) throws Exception {
        InputStream in = p.getInputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (line.contains("listening on") && m.find()) {
                // keep draining its output so that it never blocks on a full pipe
                Thread drain = new Thread(() -> {
                    try {
                        reader.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException ignored) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("the emulator printed no URL:\n" + seen);
    }

    public static HttpClient trusting(Path truststore) throws Exception {
        return HttpClient.newBuilder().sslContext(sslContext(truststore)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An SSL context that trusts only the certificates of the emulator's trust store. */
    public static SSLContext sslContext(Path truststore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
