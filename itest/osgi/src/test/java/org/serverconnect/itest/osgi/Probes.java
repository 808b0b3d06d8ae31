package org.serverconnect.itest.osgi;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Waiting for things the runtime does on its own threads, and the ports the tests need. */
final class Probes {
    private Probes() {
    }

    @FunctionalInterface
    interface Condition {
        boolean met() throws Exception;
    }

    /** Waits until {@code c} is met, polling every 100 ms; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, Condition c) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!c.met()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
