package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

class ProxySettingTest {
    @Test
    void thePasswordComesFromItsPrivateKey() {
        URI u = ProxySetting.of("http://proxyuser@proxy.example:3128", "p@ss:word");
        assertEquals("proxyuser:p@ss:word", u.getUserInfo());
        assertEquals("proxy.example", u.getHost());
        assertEquals(3128, u.getPort());
        assertNull(ProxySetting.of("", ""));
        assertNull(ProxySetting.of(" ", null));
        assertNull(ProxySetting.of("http://proxy.example:3128", "").getUserInfo(), "a proxy without login");
    }

    @Test
    void aPasswordInThePlainKeyIsRefusedWithoutRepeatingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxySetting.of("http://proxyuser:s3cret@proxy.example:3128", ""));
        assertTrue(e.getMessage().contains(".proxyPassword") && e.getMessage().contains("http://proxyuser@proxy.example:3128"),
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aPasswordNeedsAUserAndAProxy() {
        assertThrows(IllegalArgumentException.class, () -> ProxySetting.of("http://proxy.example:3128", "pw"));
        assertThrows(IllegalArgumentException.class, () -> ProxySetting.of("", "pw"));
    }
}
