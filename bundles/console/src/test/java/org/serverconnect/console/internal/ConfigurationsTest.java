package org.serverconnect.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfigurationsTest {
    @Test
    void aPasswordInsideAUrlIsMasked() {
        assertEquals("http://proxyuser:******@proxy.example:3128", Configurations.withoutUrlPassword("http://proxyuser:s3cret@proxy.example:3128"));
        assertEquals("smtps://u:******@mail.example, http://h:******@x", Configurations.withoutUrlPassword("smtps://u:p@mail.example, http://h:q@x"));
        assertEquals("http://proxyuser@proxy.example:3128", Configurations.withoutUrlPassword("http://proxyuser@proxy.example:3128"));
        assertEquals("https://api.pageroonline.com:443/x@y", Configurations.withoutUrlPassword("https://api.pageroonline.com:443/x@y"));
        assertEquals("user@example.com", Configurations.withoutUrlPassword("user@example.com"));
    }
}
