package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own: {@code bin/serverconnect emulator --data DIR [--port N] [--config FILE] [--http]
 * [--client-trust FILE] [--init]} ({@code --client-trust} demands a client certificate trusted by that PKCS#12 store, password changeit; {@code --init} only creates the certificate and trust store in DIR, then exits).
 * Prints one line with the base URL once it listens; SIGTERM or Ctrl-C stops it cleanly (state is kept in DIR).
 */
public final class Main {
    private Main() {
    }

    /**
     * Starts the emulator and waits until the JVM is asked to stop. A wrong option or a failure to start ends the
     * program with a one-line message and exit code 1 (the launcher checks the options first and exits with 2).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println("emulator: " + e.getMessage()));
        Path data = null;
        Path configFile = null;
        Path clientTrust = null;
        int port = 0;
        boolean https = true;
        boolean init = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
            case "--data" -> data = Path.of(value(args, ++i, "--data"));
            case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
            case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
            case "--http" -> https = false;
            case "--init" -> init = true;
            case "--client-trust" -> clientTrust = Path.of(value(args, ++i, "--client-trust"));
            default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        if (init) {
            // only the certificate and its trust store (the demo points its connections at them before starting)
            try {
                java.nio.file.Files.createDirectories(data.toAbsolutePath());
                Certificates.serverContext(data.toAbsolutePath(), null);
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot create the emulator's certificate: " + e.getMessage(), e);
            }
            System.out.println("Pagero Online emulator certificate ready in " + data.toAbsolutePath());
            return;
        }
        EmulatorConfig config = configFile == null ? EmulatorConfig.demo() : EmulatorConfig.read(configFile);
        PageroEmulator emulator = PageroEmulator.start(config, data.toAbsolutePath(), "127.0.0.1", port, https, clientTrust);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        System.out.println("Pagero Online emulator listening on " + emulator.baseUrl() + " (data "
                + emulator.data() + (https ? ", trust " + emulator.data().resolve(Certificates.TRUSTSTORE) : "") + ")");
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
