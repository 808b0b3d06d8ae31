package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operators' Gogo commands (bundles/shell) in the runtime's interactive shell: {@code run --shell}. */
class ShellIT {
    @TempDir
    Path folder;

    @Test
    void theScCommandsShowAccountsStatusHistoryAndDoctorAndAskForRunsAndRequeues() throws Exception {
        try (Installation sc = Installation.in(folder)) {
            Files.createDirectories(sc.etc());
            Files.writeString(sc.etc().resolve("org.serverconnect.account-acme.cfg"),
                    "connection = nowhere\ncompany = c1\nsend.schedule = every 1h\n");
            Path error = sc.home().resolve("accounts/acme/error");
            Files.createDirectories(error);
            Files.writeString(error.resolve("fixed.xml"), "<Invoice/>");
            String out = sc.shell("sc:accounts", "sc:status acme", "sc:history fixed.xml", "sc:run acme send",
                    "sc:run acme everything", "sc:requeue acme", "sc:doctor acme", "sc:status nobody");
            assertTrue(out.matches("(?s).*acme +OFFLINE +0/0/0/1 +waiting for connection nowhere.*"), out);
            assertTrue(out.contains("acme: OFFLINE (MISSING_TRANSPORT) waiting for connection nowhere"), out);
            assertTrue(out.contains("nothing found for fixed.xml"), out);
            assertTrue(out.contains("a send run of acme starts as soon as a thread is free"), out);
            assertTrue(out.contains("a run is send, receive or followup, not everything"), out);
            assertTrue(out.contains("1 file(s) back in the outbox of acme: [fixed.xml]"), out);
            assertTrue(Files.exists(sc.home().resolve("accounts/acme/outbox/fixed.xml")), "requeued into the outbox");
            assertTrue(out.contains("PROBLEM  account acme: connection nowhere: not available"), out);
            assertTrue(out.contains("no account nobody; there are: [acme]"), out);
        }
    }
}
