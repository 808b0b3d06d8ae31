package org.serverconnect.transport.pagero.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The proxy a connection goes through: {@code proxy = http://host:port} or {@code http://USER@host:port}, its
 * password in the private key {@code .proxyPassword} (masked wherever the configuration is shown, like every key
 * that starts with a dot). A password written into {@code proxy} itself is refused: that key is shown as it is.
 */
final class ProxySetting {
    private ProxySetting() {
    }

    /**
     * @return the proxy's URL with its user and password, for the HTTP client only (never shown), or {@code null}
     *         for none
     */
    static URI of(String proxy, String password) {
        if (proxy == null || proxy.isBlank()) {
            if (password != null && !password.isEmpty()) {
                throw new IllegalArgumentException(".proxyPassword is set but proxy is not");
            }
            return null;
        }
        URI url = URI.create(proxy.trim());
        String user = url.getUserInfo();
        if (user != null && user.contains(":")) {
            throw new IllegalArgumentException("proxy must not hold the proxy's password, since the configuration shows "
                    + "proxy as it is: write proxy = " + url.getScheme() + "://" + user.substring(0, user.indexOf(':')) + "@"
                    + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + " and the password as .proxyPassword");
        }
        if (password == null || password.isEmpty()) {
            return url;
        }
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException(".proxyPassword needs the proxy's user in proxy (http://USER@host:port)");
        }
        try {
            return new URI(url.getScheme(), user + ":" + password, url.getHost(), url.getPort(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy is not a URL such as http://USER@host:port: " + e.getMessage(), e);
        }
    }
}
