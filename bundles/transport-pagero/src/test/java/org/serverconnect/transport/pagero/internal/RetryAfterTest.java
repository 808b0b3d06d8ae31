package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;
import org.serverconnect.api.transport.TransportException;

/** How long a network asks to wait, and what a redirect or a request timeout means. */
class RetryAfterTest {
    @Test
    void secondsOrAnHttpDateMeasuredFromTheAnswersOwnDate() {
        assertEquals(Duration.ofSeconds(120), PageroHttp.retryAfter(new BasicHeader("Retry-After", "120"), null));
        assertEquals(Duration.ofSeconds(90), PageroHttp.retryAfter(
                new BasicHeader("Retry-After", "Wed, 02 Dec 2026 10:01:30 GMT"),
                new BasicHeader("Date", "Wed, 02 Dec 2026 10:00:00 GMT")));
        assertEquals(Duration.ZERO, PageroHttp.retryAfter(new BasicHeader("Retry-After", "Wed, 02 Dec 2026 09:00:00 GMT"),
                new BasicHeader("Date", "Wed, 02 Dec 2026 10:00:00 GMT")), "a date passed: at once");
        assertNull(PageroHttp.retryAfter(new BasicHeader("Retry-After", "soon"), null));
    }

    @Test
    void aRedirectOrARequestTimeoutIsWorthAnotherTryNotTheDocumentsFault() {
        for (int status : new int[] { 301, 302, 307, 408 }) {
            TransportException e = PageroHttp.status("upload a.xml", new PageroHttp.Answer(status, "", null, null), false);
            assertEquals(TransportException.Outcome.RETRY, e.outcome(), status + ": " + e.getMessage());
        }
        assertEquals(TransportException.Outcome.FINAL,
                PageroHttp.status("upload", new PageroHttp.Answer(400, "", null, null), false).outcome());
    }
}
