package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator on its own: {@code bin/serverconnect emulator --data DIR [--port N] [--config FILE] [--http]}.
 * Prints one line with the base URL once it listens; SIGTERM or Ctrl-C stops it cleanly (state is kept in DIR).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = null;
        Path configFile = null;
        int port = 0;
        boolean https = true;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                case "--data" -> data = Path.of(value(args, ++i, "--data"));
                case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--http" -> https = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (data == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("emulator: " + e.getMessage());
            System.err.println("usage: serverconnect emulator --data DIR [--port N] [--config FILE] [--http]");
            System.exit(2);
            return;
        }
        PageroEmulator emulator;
        try {
            EmulatorConfig config = configFile == null ? EmulatorConfig.demo() : EmulatorConfig.read(configFile);
            emulator = PageroEmulator.start(config, data.toAbsolutePath(), "127.0.0.1", port, https);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("emulator: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PageroEmulator running = emulator;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
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
