package org.serverconnect.transport.pagero.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One connection's settings, validated, secrets resolved. Never printed whole: {@link #toString()} leaves secrets out.
 */
record PageroSettings(String name, URI apiUrl, URI ssoUrl, String clientId, String clientSecret, String username,
        String password, List<String> companies, String sendMode, Duration connectTimeout, Duration readTimeout,
        int maxConnections, Path truststore, String truststorePassword, Path keystore, String keystorePassword,
        URI proxy, long maxDocumentBytes, long maxUploadBytes) {

    /** The largest incoming document taken by default: 1 GiB. */
    static final long MAX_DOCUMENT_BYTES = 1L << 30;

    /** With no bound on uploads. */
    PageroSettings(String name, URI apiUrl, URI ssoUrl, String clientId, String clientSecret, String username,
            String password, List<String> companies, String sendMode, Duration connectTimeout, Duration readTimeout,
            int maxConnections, Path truststore, String truststorePassword, Path keystore, String keystorePassword,
            URI proxy, long maxDocumentBytes) {
        this(name, apiUrl, ssoUrl, clientId, clientSecret, username, password, companies, sendMode, connectTimeout,
                readTimeout, maxConnections, truststore, truststorePassword, keystore, keystorePassword, proxy,
                maxDocumentBytes, 0);
    }

    /** With the default bound on incoming documents. */
    PageroSettings(String name, URI apiUrl, URI ssoUrl, String clientId, String clientSecret, String username,
            String password, List<String> companies, String sendMode, Duration connectTimeout, Duration readTimeout,
            int maxConnections, Path truststore, String truststorePassword, Path keystore, String keystorePassword,
            URI proxy) {
        this(name, apiUrl, ssoUrl, clientId, clientSecret, username, password, companies, sendMode, connectTimeout,
                readTimeout, maxConnections, truststore, truststorePassword, keystore, keystorePassword, proxy,
                MAX_DOCUMENT_BYTES, 0);
    }

    static final Set<String> SEND_MODES = Set.of("Production", "Test", "Certification");

    PageroSettings {
        Objects.requireNonNull(name, "name");
        requireHttps("apiUrl", apiUrl);
        requireHttps("ssoUrl", ssoUrl);
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is missing");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username is missing");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(".password is missing");
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException(".clientSecret is missing");
        }
        companies = List.copyOf(companies);
        if (!SEND_MODES.contains(sendMode)) {
            throw new IllegalArgumentException("sendMode must be Production, Test or Certification, was '" + sendMode + "'");
        }
        if (maxDocumentBytes < 1) {
            throw new IllegalArgumentException("maxDocumentSize must be at least 1 MB");
        }
        if (maxUploadBytes < 0) {
            throw new IllegalArgumentException("maxUploadSize must be 0 (no limit) or more MB");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout and readTimeout must be positive");
        }
    }

    private static void requireHttps(String key, URI url) {
        if (url == null || url.getHost() == null) {
            throw new IllegalArgumentException(key + " must be a URL such as https://api.pageroonline.com, was " + url);
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException(key + " must use https, was " + url);
        }
    }

    @Override
    public String toString() {
        return "PageroSettings[" + name + ", api " + apiUrl + ", sso " + ssoUrl + ", client " + clientId + ", user "
                + username + ", companies " + companies + ", sendMode " + sendMode + "]";
    }
}
