package org.serverconnect.transport.pagero.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;

import com.fasterxml.jackson.databind.JsonNode;

/** The transport against the Pagero Online emulator over HTTPS, trusting only the emulator's exported certificate. */
class PageroConnectionTest {

    @TempDir
    Path tmp;
    EmulatorFixture pagero;
    PageroConnection acme;
    PageroConnection globex;

    @BeforeEach
    void start() throws Exception {
        pagero = new EmulatorFixture(tmp.resolve("emulator"), 1024 * 1024);
        acme = new PageroConnection(pagero.settings("acme", "pw-a", Duration.ofSeconds(1)));
        globex = new PageroConnection(pagero.settings("globex", "pw-g", Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() {
        acme.close();
        globex.close();
        pagero.close();
    }

    private SendRequest request(String reference, String number) throws Exception {
        Path file = EmulatorFixture.write(tmp, reference + ".xml", EmulatorFixture.invoice(number, "5560000001"));
        return new SendRequest(reference, file, reference + ".xml", EmulatorFixture.ACME, null, null, number);
    }

    /** What an engine does: send until it worked or failed for good, waiting as told in between. */
    /** How long an upload of unknown outcome is looked for on the network before it is sent again, in these tests. */
    private static final Duration WINDOW = Duration.ofMillis(800);

    /**
     * Sends as the engine does: a failure worth retrying is tried again, and after an unknown outcome the reference is
     * looked up first; only when it has not shown up within {@link #WINDOW} is it uploaded again.
     */
    static SendReceipt sendUntilDone(PageroConnection c, SendRequest r) throws Exception {
        return sendUntilDone(c, r, 0);
    }

    /** As {@link #sendUntilDone(PageroConnection, SendRequest)} after an upload of unknown outcome just now. */
    static SendReceipt sendAgainAfterUnknown(PageroConnection c, SendRequest r) throws Exception {
        return sendUntilDone(c, r, System.nanoTime());
    }

    private static SendReceipt sendUntilDone(PageroConnection c, SendRequest r, long inDoubtSince) throws Exception {
        long doubt = inDoubtSince;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (doubt != 0) {
                    SendReceipt found = c.lookup(r);
                    if (found != null) {
                        return found;
                    }
                    if (System.nanoTime() - doubt < WINDOW.toNanos()) {
                        Thread.sleep(50);           // the network may still be processing the first upload
                        continue;
                    }
                }
                return c.send(r);
            } catch (TransportException e) {
                if (e.outcome() == Outcome.FINAL) {
                    throw e;
                }
                if (e.outcome() == Outcome.UNKNOWN && doubt == 0) {
                    doubt = System.nanoTime();
                }
                Thread.sleep(e.retryAfter() == null ? 100 : Math.min(e.retryAfter().toMillis(), 1500));
            }
        }
        throw new AssertionError("never sent: " + r.reference());
    }

    private Map<String, Integer> uploadsPerReference() throws Exception {
        Map<String, Integer> count = new HashMap<>();
        for (JsonNode u : pagero.get("/emulator/uploads")) {
            count.merge(u.path("senderReference").asText(), 1, Integer::sum);
        }
        return count;
    }

    private ProcessingStatus awaitFinalStatus(PageroConnection c, SendReceipt receipt) throws Exception {
        for (int i = 0; i < 100; i++) {
            ProcessingStatus s = c.status(receipt);
            if (s.state() != ProcessingStatus.State.PROCESSING) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("still processing");
    }

    // ---------------------------------------------------------------------------------------------------- happy path

    @Test
    void anInvoiceIsSentFollowedReceivedStoredAcknowledgedAndAnswered() throws Exception {
        SendRequest req = request("ref-1", "INV-1");
        SendReceipt receipt = acme.send(req);
        assertFalse(receipt.reconciled());
        ProcessingStatus status = awaitFinalStatus(acme, receipt);
        assertEquals(ProcessingStatus.State.PROCESSED, status.state());
        assertEquals(1, status.documentIds().size());

        IncomingPage page = globex.incoming(EmulatorFixture.GLOBEX, List.of("Invoice"), 0, 10);
        assertEquals(1, page.documents().size());
        IncomingDocument doc = page.documents().get(0);
        assertEquals("INV-1", doc.documentNumber());
        try (InputStream in = globex.open(doc)) {
            assertArrayEquals(Files.readAllBytes(req.content()), in.readAllBytes());
        }
        globex.acknowledge(List.of(doc.id()));
        assertEquals(0, globex.incoming(EmulatorFixture.GLOBEX, List.of("Invoice"), 0, 10).documents().size(), "acknowledged: not new any more");

        assertEquals(201, pagero.send("POST", "/emulator/documents/" + doc.id() + "/respond",
                Map.of("response", "RecipientReject", "reason", "wrong price")));
        List<RecipientResponse> responses = acme.responses(EmulatorFixture.ACME, "INV-1");
        assertEquals(1, responses.size());
        assertEquals("INV-1", responses.get(0).documentNumber());
        assertEquals(Progress.Step.REJECTED, responses.get(0).status());
        assertEquals("wrong price", responses.get(0).reason(), "the recipient's reason, from the response itself");
        acme.acknowledge(List.of(responses.get(0).responseId()));
        assertEquals(List.of(), acme.responses(EmulatorFixture.ACME, "INV-1"), "read once");
        assertEquals(List.of(), acme.responses(EmulatorFixture.ACME, "INV-2"), "none for another invoice");
        assertEquals(receipt.fileId(), acme.lookup(req).fileId());
        assertNull(acme.lookup(request("never-sent", "INV-NEVER")));
    }

    @Test
    void receivedDocumentsArePagedThroughWithLimitAndOffset() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertEquals(201, pagero.incoming(EmulatorFixture.GLOBEX, EmulatorFixture.invoice("IN-" + i, "5560000001")));
        }
        List<String> numbers = new ArrayList<>();
        int offset = 0;
        IncomingPage page;
        do {
            page = globex.incoming(EmulatorFixture.GLOBEX, List.of("Invoice"), offset, 2);
            assertTrue(page.documents().size() <= 2);
            page.documents().forEach(d -> numbers.add(d.documentNumber()));
            offset = page.next();
        } while (page.hasMore());
        assertEquals(5, numbers.size(), numbers.toString());
        assertEquals(5, new java.util.HashSet<>(numbers).size(), "no document twice across pages");
    }

    @Test
    void processingErrorsComeBackWithThePagerosReasons() throws Exception {
        Path file = EmulatorFixture.write(tmp, "x.xml", EmulatorFixture.invoice("INV-X", "9999999999"));
        SendReceipt r = acme.send(new SendRequest("ref-x", file, "x.xml", EmulatorFixture.ACME, null, null, null));
        ProcessingStatus s = awaitFinalStatus(acme, r);
        assertEquals(ProcessingStatus.State.ERROR, s.state());
        assertTrue(s.reasons().get(0).contains("0007:9999999999"), s.reasons().toString());
    }

    @Test
    void aFileAwaitingInteractionIsRestartedAndAFailedOneCancelled() throws Exception {
        pagero.send("PUT", "/emulator/outcomes", Map.of("outcome", "AwaitingInteraction", "next", 1));
        SendReceipt waiting = acme.send(request("await-1", "W-1"));
        ProcessingStatus s = awaitFinalStatus(acme, waiting);
        assertEquals(ProcessingStatus.State.AWAITING_INTERACTION, s.state());
        assertFalse(s.reasons().isEmpty());
        acme.act(waiting, org.serverconnect.api.transport.Transport.Action.RESTART);
        assertEquals(ProcessingStatus.State.PROCESSED, awaitFinalStatus(acme, waiting).state());

        Path file = EmulatorFixture.write(tmp, "bad.xml", "not xml");
        SendReceipt failed = acme.send(new SendRequest("bad-1", file, "bad.xml", EmulatorFixture.ACME, null, null, null));
        assertEquals(ProcessingStatus.State.ERROR, awaitFinalStatus(acme, failed).state());
        acme.act(failed, org.serverconnect.api.transport.Transport.Action.CANCEL);
        assertEquals(ProcessingStatus.State.PROCESSING, acme.status(failed).state(),
                "no part in error and no document: nothing the contract tells from processing; the caller knows it cancelled");
        TransportException again = assertThrows(TransportException.class,
                () -> acme.act(failed, org.serverconnect.api.transport.Transport.Action.RESTART));
        assertEquals(Outcome.FINAL, again.outcome());
    }

    // ---------------------------------------------------------------------------------------------------- failures

    @Test
    void refusalsAreFinalWithTheServersReason() throws Exception {
        TransportException foreign = assertThrows(TransportException.class, () -> acme.send(new SendRequest("r403",
                request("r403", "A").content(), "a.xml", EmulatorFixture.GLOBEX, null, null, null)));
        assertEquals(Outcome.FINAL, foreign.outcome());
        assertEquals(403, foreign.httpStatus());

        TransportException mode = assertThrows(TransportException.class, () -> acme.send(new SendRequest("r400",
                request("r400", "B").content(), "b.xml", EmulatorFixture.ACME, null, "Live", null)));
        assertEquals(Outcome.FINAL, mode.outcome());
        assertEquals(400, mode.httpStatus());
        assertTrue(mode.getMessage().contains("sendMode"), mode.getMessage());

        Path big = tmp.resolve("big.xml");
        Files.write(big, new byte[2 * 1024 * 1024]);
        TransportException size = assertThrows(TransportException.class, () -> acme.send(new SendRequest("r413", big,
                "big.xml", EmulatorFixture.ACME, null, null, null)));
        assertEquals(Outcome.FINAL, size.outcome());
        assertEquals(413, size.httpStatus());

        PageroConnection wrong = new PageroConnection(pagero.settings("acme", "nope", Duration.ofSeconds(1)));
        try {
            TransportException login = assertThrows(TransportException.class, () -> wrong.incoming(EmulatorFixture.ACME, List.of("Invoice"), 0, 1));
            assertEquals(Outcome.RETRY, login.outcome(), "the documents are not at fault: they wait for the credentials to be fixed");
            assertTrue(login.getMessage().contains("refused the login"), login.getMessage());
            assertFalse(login.getMessage().contains("nope"), "the password never appears in a message");
        } finally {
            wrong.close();
        }
        assertEquals(Map.of(), uploadsPerReference(), "nothing was uploaded");
    }

    @Test
    void eachFaultKindIsClassifiedAndAnUnknownUploadIsReconciledNotRepeated() throws Exception {
        // 429: nothing happened, wait as told
        pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of("429"), "endpoints", List.of("files"), "next", 1));
        TransportException tooMany = assertThrows(TransportException.class, () -> acme.send(request("f429", "1")));
        assertEquals(Outcome.RETRY, tooMany.outcome());
        assertEquals(Duration.ofSeconds(1), tooMany.retryAfter());
        assertNotNull(acme.send(request("f429", "1")));

        for (String kind : List.of("500", "503", "reset", "slow")) {
            String ref = "f-" + kind;
            pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of(kind), "endpoints", List.of("files"), "next", 1,
                    "slowMillis", 1500));
            TransportException e = assertThrows(TransportException.class, () -> acme.send(request(ref, kind)));
            boolean arrived = kind.equals("reset") || kind.equals("slow");
            assertEquals(Outcome.UNKNOWN, e.outcome(), kind + ": " + e.getMessage());
            SendReceipt r = sendAgainAfterUnknown(acme, request(ref, kind));
            assertEquals(arrived, r.reconciled(), kind + ": found on the network instead of sent again");
        }
        // 401 in the middle: a new token and one more try, invisible to the caller
        pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of("401"), "endpoints", List.of("files"), "next", 1));
        assertFalse(acme.send(request("f401", "x")).reconciled());

        Map<String, Integer> uploads = uploadsPerReference();
        uploads.forEach((ref, n) -> assertEquals(1, n, ref + " uploaded " + n + " times"));
        assertEquals(6, uploads.size(), uploads.toString());
    }

    @Test
    void aThousandSendsUnderTwentyPercentFaultsOfEveryKindUploadEachReferenceExactlyOnce() throws Exception {
        pagero.send("PUT", "/emulator/faults", Map.of("rate", 0.2,
                "kinds", List.of("500", "503", "429", "reset", "slow", "401"),
                "endpoints", List.of("files", "documents", "token"), "slowMillis", 1500, "seed", 7));
        int n = Integer.getInteger("transport.sends", 1000);
        List<SendRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(request(String.format("bulk-%04d", i), "B-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<SendReceipt>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (SendRequest r : requests) {
            results.add(pool.submit(() -> sendUntilDone(acme, r)));
        }
        int reconciled = 0;
        for (Future<SendReceipt> f : results) {
            if (f.get().reconciled()) {
                reconciled++;
            }
        }
        pool.shutdown();
        long millis = (System.nanoTime() - start) / 1_000_000;
        pagero.send("DELETE", "/emulator/faults", null);
        Map<String, Integer> uploads = uploadsPerReference();
        assertEquals(n, uploads.size(), "every reference arrived");
        uploads.forEach((ref, count) -> assertEquals(1, count, ref + " uploaded " + count + " times"));
        assertEquals(0, pagero.get("/emulator/stats").path("refreshTokenReuses").asInt(), "no refresh token presented twice");
        System.out.printf("FIGURE transport: %d sends under 20%% faults in %d ms, %d reconciled after an unknown outcome%n",
                n, millis, reconciled);
    }

    // ---------------------------------------------------------------------------------------------------- tokens

    @Test
    void anAccessTokenExpiringMidRunIsInvisibleAndNoRefreshTokenIsPresentedTwice() throws Exception {
        acme.send(request("t-1", "1"));
        for (int i = 0; i < 5; i++) {
            pagero.send("POST", "/emulator/clock", Map.of("advanceSeconds", 601));    // every token has expired
            acme.incoming(EmulatorFixture.ACME, List.of("Invoice"), 0, 1);
            acme.send(request("t-x" + i, "x"));
        }
        assertEquals(0, pagero.get("/emulator/stats").path("refreshTokenReuses").asInt());

        pagero.send("POST", "/emulator/reset", null);       // the network forgot every token: log in again
        assertEquals(0, acme.incoming(EmulatorFixture.ACME, List.of("Invoice"), 0, 1).documents().size());
        assertEquals(0, pagero.get("/emulator/stats").path("refreshTokenReuses").asInt());
    }

    @Test
    void aStoppedConnectionLeavesNoRefreshTokenValid() throws Exception {
        PageroConnection c = new PageroConnection(pagero.settings("acme", "pw-a", Duration.ofSeconds(5)));
        c.incoming(EmulatorFixture.ACME, List.of("Invoice"), 0, 1);
        String refresh = c.refreshToken();
        assertNotNull(refresh, "logged in");
        c.close();
        assertEquals(400, pagero.refresh(refresh), "revoked on stop: refused as invalid_grant");
    }

    // ---------------------------------------------------------------------------------------------------- proxy

    @Test
    void everythingGoesThroughAnAuthenticatingProxyWhenOneIsConfigured() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy("puser", "ppass")) {
            PageroSettings s = new PageroSettings("viaproxy", pagero.url(), pagero.url(), "c1", "s1", "acme", "pw-a",
                    List.of(), "Test", Duration.ofSeconds(5), Duration.ofSeconds(5), 2, pagero.truststore(), "changeit",
                    null, null, ProxySetting.of("http://puser@127.0.0.1:" + proxy.port(), "ppass"));
            try (PageroConnection c = new PageroConnection(s)) {
                SendReceipt r = c.send(request("proxied-1", "P-1"));
                assertNotNull(r.fileId());
            }
            assertFalse(proxy.tunnels.isEmpty(), "the proxy carried the traffic");
            assertTrue(proxy.tunnels.stream().allMatch(t -> t.equals("127.0.0.1:" + pagero.url().getPort())), proxy.tunnels.toString());
        }
        assertEquals(Map.of("proxied-1", 1), uploadsPerReference());
    }

    // ---------------------------------------------------------------------------------------------------- check

    @Test
    void theConnectionCheckSaysWhatWorksAndWhatDoesNot() throws Exception {
        ConnectionCheck ok = new PageroConnection(new PageroSettings("c", pagero.url(), pagero.url(), "c1", "s1", "acme",
                "pw-a", List.of(EmulatorFixture.ACME), "Test", Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
                pagero.truststore(), "changeit", null, null, null)).check();
        assertTrue(ok.ok(), ok.toString());

        ConnectionCheck company = new PageroConnection(new PageroSettings("c", pagero.url(), pagero.url(), "c1", "s1", "acme",
                "pw-a", List.of(EmulatorFixture.GLOBEX), "Test", Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
                pagero.truststore(), "changeit", null, null, null)).check();
        assertFalse(company.ok());
        assertTrue(company.steps().get(company.steps().size() - 1).detail().contains("does not belong"), company.toString());

        ConnectionCheck untrusted = new PageroConnection(new PageroSettings("c", pagero.url(), pagero.url(), "c1", "s1", "acme",
                "pw-a", List.of(), "Test", Duration.ofSeconds(2), Duration.ofSeconds(2), 2, null, null, null, null, null)).check();
        assertFalse(untrusted.ok());
        assertTrue(untrusted.steps().toString().contains("TLS"), untrusted.toString());
    }

    /**
     * A certificate the trust store trusts, but made out for another host: refused (the host name is verified), so
     * nothing is sent to a server that is not the one configured.
     */
    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        Path data = tmp.resolve("wrong-host");
        Files.createDirectories(data);
        // the emulator uses a key store it finds in its data folder: one made out for pagero.wrong.example only
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "emulator", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=pagero.wrong.example",
                "-ext", "SAN=dns:pagero.wrong.example", "-keystore", data.resolve("emulator-keystore.p12").toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        try (EmulatorFixture wrong = new EmulatorFixture(data, 1024 * 1024);
                PageroConnection c = new PageroConnection(wrong.settings("acme", "pw-a", Duration.ofSeconds(2)))) {
            ConnectionCheck check = c.check();
            assertFalse(check.ok(), check.toString());
            assertTrue(check.steps().toString().contains("TLS"), check.toString());
            TransportException e = assertThrows(TransportException.class, () -> c.send(request("wrong-host-1", "W-1")));
            assertEquals(Outcome.RETRY, e.outcome(), "the configuration may be fixed, so it is tried again: " + e);
        }
    }

    /**
     * A misbehaving network: a proxy's HTML page where JSON belongs, a 64 MiB answer and an
     * answer that never ends, on uploads, listings, downloads and the token endpoint, are each refused without
     * reading them to the end and without holding a thread; an upload whose answer cannot be read is looked for
     * before it is sent again; a download larger than allowed stops there.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)     // a hang guard: an endless answer read to its end would never return
    void hostileAnswersAreRefusedWithoutHarm() throws Exception {
        for (String kind : List.of("garbage", "huge", "endless")) {
            String ref = "hostile-" + kind;
            pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of(kind), "endpoints", List.of("files"), "next", 1));
            TransportException e = assertThrows(TransportException.class, () -> acme.send(request(ref, kind)));
            assertEquals(Outcome.UNKNOWN, e.outcome(), kind + ": " + e.getMessage());
            SendReceipt r = sendAgainAfterUnknown(acme, request(ref, kind));
            assertFalse(r.reconciled(), kind + ": it was not carried out, so after the window it is sent");
            assertEquals(1, uploadsPerReference().get(ref), kind);

            pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of(kind), "endpoints", List.of("documents"), "next", 1));
            TransportException listing = assertThrows(TransportException.class, () -> globex.incoming(EmulatorFixture.GLOBEX, List.of("Invoice"), 0, 10));
            assertEquals(Outcome.RETRY, listing.outcome(), kind + ": " + listing.getMessage());
            if (!kind.equals("garbage")) {
                assertTrue(listing.getMessage().contains("larger than 8 MB"), listing.getMessage());
            }
        }
        // the token endpoint: a connection that has no token yet
        try (PageroConnection fresh = new PageroConnection(pagero.settings("acme", "pw-a", Duration.ofSeconds(5)))) {
            for (String kind : List.of("garbage", "huge", "endless")) {
                pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of(kind), "endpoints", List.of("token"), "next", 1));
                TransportException e = assertThrows(TransportException.class, () -> fresh.send(request("token-" + kind, "T")));
                assertEquals(Outcome.RETRY, e.outcome(), kind + ": " + e.getMessage());
            }
        }

        // a download larger than allowed (1 MB here), or one that never ends, stops at the bound
        PageroSettings s = pagero.settings("globex", "pw-g", Duration.ofSeconds(5));
        PageroSettings small = new PageroSettings(s.name(), s.apiUrl(), s.ssoUrl(), s.clientId(), s.clientSecret(), s.username(),
                s.password(), s.companies(), s.sendMode(), s.connectTimeout(), s.readTimeout(), s.maxConnections(), s.truststore(),
                s.truststorePassword(), null, null, null, 1 << 20);
        try (PageroConnection receiver = new PageroConnection(small)) {
            // the uploads above are processed and routed to Globex
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<IncomingDocument> docs = receiver.incoming(EmulatorFixture.GLOBEX, List.of("Invoice"), 0, 10).documents();
            while (docs.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "not within 10 s: a document routed to Globex to download");
                Thread.sleep(10);
                docs = receiver.incoming(EmulatorFixture.GLOBEX, List.of("Invoice"), 0, 10).documents();
            }
            IncomingDocument doc = docs.get(0);
            for (String kind : List.of("huge", "endless")) {
                pagero.send("PUT", "/emulator/faults", Map.of("kinds", List.of(kind), "endpoints", List.of("documents"), "next", 1));
                try (InputStream in = receiver.open(doc)) {
                    java.io.IOException e = assertThrows(java.io.IOException.class, () -> in.transferTo(java.io.OutputStream.nullOutputStream()));
                    assertTrue(e.getMessage().contains("larger than 1 MB"), kind + ": " + e.getMessage());
                }
            }
            try (InputStream in = receiver.open(doc)) {
                assertTrue(in.readAllBytes().length > 0, "the connection still works: the real document");
            }
        }
        assertEquals(Map.of("endless", 4L, "garbage", 3L, "huge", 4L), pagero.get("/emulator/stats").path("faultsInjected")
                .properties().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().asLong())));
    }
}
