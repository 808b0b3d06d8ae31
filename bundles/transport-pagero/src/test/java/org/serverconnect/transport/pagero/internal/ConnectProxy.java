package org.serverconnect.transport.pagero.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP CONNECT proxy for the transport's tests: it requires Basic proxy authentication, records every
 * CONNECT target and then relays bytes both ways (TLS stays end to end).
 */
final class ConnectProxy implements AutoCloseable {
    final List<String> tunnels = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final String expectedAuth;

    ConnectProxy(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Thread t = new Thread(this::accept, "test-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> handle(client), "test-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            String[] request = lines[0].split(" ");
            boolean authorised = false;
            for (String l : lines) {
                if (l.regionMatches(true, 0, "Proxy-Authorization:", 0, 20) && l.substring(20).trim().equals(expectedAuth)) {
                    authorised = true;
                }
            }
            OutputStream out = client.getOutputStream();
            if (!request[0].equals("CONNECT")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (!authorised) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // the client retries on the same connection with credentials
                handleAgain(client, in, out);
                return;
            }
            tunnel(client, in, out, request[1]);
        } catch (IOException ignored) {
            // client went away
        }
    }

    private void handleAgain(Socket client, InputStream in, OutputStream out) throws IOException {
        String head = readHead(in);
        if (head.isEmpty()) {
            return;
        }
        String[] lines = head.split("\r\n");
        for (String l : lines) {
            if (l.regionMatches(true, 0, "Proxy-Authorization:", 0, 20) && l.substring(20).trim().equals(expectedAuth)) {
                tunnel(client, in, out, lines[0].split(" ")[1]);
                return;
            }
        }
        out.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    }

    private void tunnel(Socket client, InputStream in, OutputStream out, String target) throws IOException {
        tunnels.add(target);
        String[] hp = target.split(":");
        try (Socket upstream = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread down = new Thread(() -> pipe(upstream, client), "test-proxy-down");
            down.setDaemon(true);
            down.start();
            pipe(in, upstream.getOutputStream());
            try {
                down.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            pipe(from.getInputStream(), to.getOutputStream());
        } catch (IOException ignored) {
            // closed
        }
    }

    private static void pipe(InputStream in, OutputStream out) {
        byte[] b = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                out.write(b, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // closed
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                break;
            }
        }
        String s = head.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r\n\r\n") ? s.substring(0, s.length() - 4) : s;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
