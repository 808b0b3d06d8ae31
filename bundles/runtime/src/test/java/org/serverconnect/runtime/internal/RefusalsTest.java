package org.serverconnect.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;

import org.junit.jupiter.api.Test;

/** A refused configuration is told in the component's words: no stack trace in the log or the account's status. */
class RefusalsTest {

    /** What a component of ours throws when it reads a wrong configuration. */
    static final class Component {
        static void read() {
            throw new IllegalArgumentException("'password' is a secret: write it as '.password'");
        }
    }

    private static Throwable wrapped() {
        try {
            Component.read();
            throw new AssertionError();
        } catch (IllegalArgumentException e) {
            return new InvocationTargetException(e);
        }
    }

    @Test
    void theReasonIsTheInnermostMessageOfTheTraceDeclarativeServicesKept() {
        StringWriter trace = new StringWriter();
        wrapped().printStackTrace(new PrintWriter(trace));
        assertEquals("'password' is a secret: write it as '.password'", Refusals.reason(trace.toString()));
        assertEquals("'password' is a secret: write it as '.password'", Refusals.reason(wrapped()));
        assertEquals("its component did not start (no reason given; see the log)", Refusals.reason((String) null));
    }

    @Test
    void theLogBridgeKnowsARefusalOfOursFromOtherErrors() {
        Throwable t = wrapped();
        assertSame(t.getCause(), OsgiLogBridge.refusal(t));
        assertNull(OsgiLogBridge.refusal(new IllegalStateException("x")));
        assertNull(OsgiLogBridge.refusal(new IllegalArgumentException("not thrown by our code", null) {
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        }));
        assertEquals("org.serverconnect.transport.pagero.internal.PageroTransport (component 7)", OsgiLogBridge.component(
                "bundle org.serverconnect.transport.pagero:0.1.0 (23)[org.serverconnect.transport.pagero.internal"
                        + ".PageroTransport(7)] : The constructor has thrown an exception", "osgi.x"));
    }
}
