package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The emulator's TLS identity. On first start a key pair and a self-signed certificate for 127.0.0.1 and localhost
 * are made with the JDK's {@code keytool} and kept in the data folder ({@code emulator-keystore.p12}); the certificate
 * is exported as {@code emulator.pem} and as the trust store {@code emulator-truststore.p12} (password
 * {@code changeit}), which clients trust explicitly.
 */
final class Certificates {
    static final String KEYSTORE = "emulator-keystore.p12";
    static final String PEM = "emulator.pem";
    static final String TRUSTSTORE = "emulator-truststore.p12";
    static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ALIAS = "emulator";

    private Certificates() {
    }

    static SSLContext serverContext(Path data) throws IOException, GeneralSecurityException {
        return serverContext(data, null);
    }

    /** @param clientTrust a PKCS#12 trust store of accepted client certificates, or null when none is asked for */
    static SSLContext serverContext(Path data, Path clientTrust) throws IOException, GeneralSecurityException {
        Path keystore = data.resolve(KEYSTORE);
        if (!Files.exists(keystore)) {
            generate(keystore);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        if (!Files.exists(data.resolve(PEM)) || !Files.exists(data.resolve(TRUSTSTORE))) {
            export(ks.getCertificate(ALIAS), data);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        javax.net.ssl.TrustManager[] trust = null;
        if (clientTrust != null) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientTrust)) {
                ts.load(in, PASSWORD);
            } catch (IOException e) {
                throw new IOException("cannot read the client trust store " + clientTrust + " (PKCS#12, password changeit): "
                        + e, e);
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory
                    .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            trust = tmf.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), trust, null);
        return ctx;
    }

    private static void generate(Path keystore) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path tmp = keystore.resolveSibling(keystore.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "3650",
                "-dname", "CN=Pagero Online emulator, O=Server Connect", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", tmp.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool could not make the emulator's certificate: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the emulator's certificate", e);
        }
        Files.move(tmp, keystore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void export(Certificate cert, Path data) throws IOException, GeneralSecurityException {
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        Files.writeString(data.resolve(PEM), pem, StandardCharsets.US_ASCII);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, cert);
        try (OutputStream out = Files.newOutputStream(data.resolve(TRUSTSTORE))) {
            trust.store(out, PASSWORD);
        }
    }
}
