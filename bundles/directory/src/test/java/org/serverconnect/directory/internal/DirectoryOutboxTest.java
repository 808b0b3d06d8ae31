package org.serverconnect.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.OutboxSettings;
import org.serverconnect.api.document.OutboxSettings.Pickup;
import org.serverconnect.api.document.ReadyFile;

class DirectoryOutboxTest {

    @TempDir
    Path root;
    private final List<DirectoryOutbox> open = new ArrayList<>();

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private OutboxSettings settings(Pickup pickup, Map<String, String> options, List<String> include, List<String> exclude) {
        return new OutboxSettings("acme", root.resolve("outbox"), root.resolve("work"), root.resolve("sent"),
                root.resolve("error"), root.resolve("archive"), pickup, include, exclude, options);
    }

    private DirectoryOutbox outbox(Pickup pickup, Clock clock) throws IOException {
        return outbox(settings(pickup, Map.of(), List.of(), List.of()), clock);
    }

    private DirectoryOutbox outbox(OutboxSettings s, Clock clock) throws IOException {
        DirectoryOutbox o = new DirectoryOutbox(s, clock);
        open.add(o);
        return o;
    }

    @AfterEach
    void closeAll() {
        open.forEach(DirectoryOutbox::close);
    }

    private static Pickup stable(long stableMillis, long minAgeMillis) {
        return new Pickup(Pickup.Kind.STABLE, Duration.ofMillis(stableMillis), Duration.ofMillis(minAgeMillis));
    }

    private static final Pickup RENAME = new Pickup(Pickup.Kind.RENAME, Duration.ZERO, Duration.ZERO);

    private Path write(String name, String content) throws IOException {
        Path p = root.resolve("outbox").resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static List<String> names(List<ReadyFile> files) {
        return files.stream().map(ReadyFile::name).toList();
    }

    private List<String> folder(String name) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(name))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    // ------------------------------------------------------------------------------------------------ pick-up rules

    @Test
    void aWriterThatAppendsSlowlyForFiveSecondsIsNeverPickedBeforeItIsDone() throws Exception {
        // Five seconds on the outbox's clock: a line every 200 ms, the outbox looking every 100 ms in between. The
        // file is really written (open, appended, flushed); only the time is the test's, so no step depends on how
        // fast this machine is.
        TestClock clock = new TestClock();
        DirectoryOutbox o = outbox(stable(1000, 500), clock);
        Path file = root.resolve("outbox/slow.xml");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int line = 0; line < 25; line++) {
                out.write("<line/>\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                for (int look = 0; look < 2; look++) {
                    clock.advance(Duration.ofMillis(100));
                    List<ReadyFile> ready = o.poll(10);
                    assertTrue(ready.isEmpty(), "picked while still being written (line " + line + "): " + ready);
                }
            }
            // still open, but quiet: not ready before it has been unchanged for the whole stable interval
            clock.advance(Duration.ofMillis(899));
            assertTrue(o.poll(10).isEmpty(), "unchanged for 999 ms of the 1000 required");
        }
        clock.advance(Duration.ofMillis(1));
        List<ReadyFile> ready = o.poll(10);
        assertEquals(List.of("slow.xml"), names(ready), "ready once unchanged for the stable interval");
        assertEquals(Files.size(file), ready.get(0).size());
    }

    @Test
    void aCopyThatKeepsAnOldModificationTimeWaitsTheMinimumAgeFromWhenItWasFirstSeen() throws Exception {
        TestClock clock = new TestClock();
        DirectoryOutbox o = outbox(stable(1000, 10_000), clock);
        Path copy = write("copied.xml", "<Invoice/>");
        Files.setLastModifiedTime(copy, FileTime.from(clock.instant().minus(Duration.ofDays(30))));
        assertTrue(o.poll(10).isEmpty(), "first seen now: not ready, whatever its own timestamp");
        clock.advance(Duration.ofSeconds(5));
        assertTrue(o.poll(10).isEmpty(), "stable for 5 s, but seen only 5 s ago (minimum age 10 s)");
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of("copied.xml"), names(o.poll(10)));
    }

    @Test
    void aChangeRestartsTheStableInterval() throws Exception {
        TestClock clock = new TestClock();
        DirectoryOutbox o = outbox(stable(2000, 0), clock);
        Path f = write("growing.xml", "<a/>");
        Files.setLastModifiedTime(f, FileTime.from(clock.instant()));
        assertTrue(o.poll(10).isEmpty());
        clock.advance(Duration.ofMillis(1500));
        Files.writeString(f, "<a/><b/>");
        Files.setLastModifiedTime(f, FileTime.from(clock.instant()));
        assertTrue(o.poll(10).isEmpty(), "changed: the interval starts again");
        clock.advance(Duration.ofMillis(1500));
        assertTrue(o.poll(10).isEmpty());
        clock.advance(Duration.ofMillis(600));
        assertEquals(List.of("growing.xml"), names(o.poll(10)));
    }

    @Test
    void aRenameInWriterIsPickedOnlyUnderItsFinalName() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        write("invoice.xml.part", "<Invoice/>");
        write("invoice2.tmp", "<Invoice/>");
        write(".hidden.xml", "<Invoice/>");
        assertTrue(o.poll(10).isEmpty(), "temporary and hidden names are never picked");
        Files.move(root.resolve("outbox/invoice.xml.part"), root.resolve("outbox/invoice.xml"));
        assertEquals(List.of("invoice.xml"), names(o.poll(10)));
    }

    @Test
    void aDoneFileMakesItsFileReadyAndGoesWithIt() throws Exception {
        DirectoryOutbox o = outbox(new Pickup(Pickup.Kind.DONE_FILE, Duration.ZERO, Duration.ZERO), Clock.systemUTC());
        write("a.xml", "<Invoice/>");
        assertTrue(o.poll(10).isEmpty());
        write("a.xml.done", "");
        List<ReadyFile> ready = o.poll(10);
        assertEquals(List.of("a.xml"), names(ready), "the marker itself is never a candidate");
        assertNotNull(o.claim(ready.get(0)));
        assertEquals(List.of(), folder("outbox"), "the marker is removed with the file");
    }

    @Test
    void aDoneFilePatternNamesTheMarker() throws Exception {
        DirectoryOutbox o = outbox(settings(new Pickup(Pickup.Kind.DONE_FILE, Duration.ZERO, Duration.ZERO),
                Map.of("doneFile", "{base}.ok"), List.of(), List.of()), Clock.systemUTC());
        write("b.xml", "<Invoice/>");
        write("b.xml.done", "");
        assertTrue(o.poll(10).isEmpty(), "the default marker does not count when a pattern is set");
        write("b.ok", "");
        assertEquals(List.of("b.xml"), names(o.poll(10)));
        assertThrows(IllegalArgumentException.class, () -> new DirectoryOutbox(settings(new Pickup(Pickup.Kind.DONE_FILE,
                Duration.ZERO, Duration.ZERO), Map.of("doneFile", "ready"), List.of(), List.of())));
    }

    @Test
    void includeExcludeRecursionOldestFirstAndTheRunMaximum() throws Exception {
        DirectoryOutbox o = outbox(settings(RENAME, Map.of("recursive", "true"), List.of("*.xml"), List.of("skip*")),
                Clock.systemUTC());
        long t = System.currentTimeMillis() - 100_000;
        for (String n : List.of("c.xml", "a.xml", "skip-me.xml", "notes.txt", "sub/b.xml")) {
            Files.setLastModifiedTime(write(n, "<x/>"), FileTime.fromMillis(t += 1000));
        }
        assertEquals(List.of("c.xml", "a.xml", "b.xml"), names(o.poll(10)), "oldest first, sub-folders included");
        assertEquals(List.of("c.xml", "a.xml"), names(o.poll(2)), "the maximum applies after ordering");
        o.close();
        open.remove(o);
        DirectoryOutbox flat = outbox(settings(RENAME, Map.of(), List.of("*.xml"), List.of()), Clock.systemUTC());
        assertFalse(names(flat.poll(10)).contains("b.xml"), "no recursion unless asked");
    }

    @Test
    void anEmptyFileIsListedSoThatItIsRefusedWithAReason() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        write("empty.xml", "");
        List<ReadyFile> ready = o.poll(10);
        assertEquals(1, ready.size());
        assertEquals(0, ready.get(0).size());
    }

    @Test
    void symbolicLinksAreNeverPicked() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        Path secret = Files.writeString(root.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("outbox/link.xml"), secret);
        assertTrue(o.poll(10).isEmpty());
    }

    // ------------------------------------------------------------------------------------------------ claim

    @Test
    void twoCompetingClaimersOneWinsAndNothingIsLost() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            write("inv-" + i + ".xml", "<Invoice>" + i + "</Invoice>");
        }
        List<ReadyFile> ready = o.poll(100);
        assertEquals(50, ready.size());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<ClaimedFile> won = Collections.synchronizedList(new ArrayList<>());
        try {
            for (ReadyFile f : ready) {
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<ClaimedFile>> both = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    both.add(pool.submit(() -> {
                        together.await();
                        return o.claim(f);
                    }));
                }
                int winners = 0;
                for (Future<ClaimedFile> r : both) {
                    ClaimedFile c = r.get();
                    if (c != null) {
                        winners++;
                        won.add(c);
                    }
                }
                assertEquals(1, winners, "exactly one claimer wins " + f.name());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), folder("outbox"));
        assertEquals(50, o.claimed().size(), "every file is in the work folder exactly once");
        for (ClaimedFile c : won) {
            assertEquals("<Invoice>" + c.originalName().replaceAll("\\D", "") + "</Invoice>", Files.readString(c.path()));
        }
    }

    @Test
    void aSecondRuntimeOnTheSameOutboxIsRefusedAndToldWhoHoldsIt() throws Exception {
        outbox(RENAME, Clock.systemUTC());
        IOException e = assertThrows(IOException.class, () -> new DirectoryOutbox(settings(RENAME, Map.of(), List.of(), List.of())));
        assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        assertTrue(e.getMessage().contains("account acme"), e.getMessage());
        open.get(0).close();
        open.clear();
        outbox(RENAME, Clock.systemUTC());     // free again once the holder closes
    }

    @Test
    void anotherProcessHoldingTheOutboxIsNamedAndNothingIsTaken() throws Exception {
        Files.createDirectories(root.resolve("outbox"));
        write("keep.xml", "x");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), root.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream())).readLine();
            assertTrue(first != null && first.startsWith("holding"), "the other process did not take the outbox: " + first);
            IOException e = assertThrows(IOException.class, () -> new DirectoryOutbox(settings(RENAME, Map.of(), List.of(), List.of())));
            assertTrue(e.getMessage().contains("pid " + other.pid()) && e.getMessage().contains("account other"), e.getMessage());
            assertEquals(List.of("keep.xml"), folder("outbox"));
        } finally {
            other.getOutputStream().close();
            other.waitFor(10, TimeUnit.SECONDS);
            other.destroyForcibly();
        }
        outbox(RENAME, Clock.systemUTC());      // the holder is gone, and with it the lock
    }

    @Test
    void aWorkFolderOnAnotherFileSystemIsRefusedAtStart() throws Exception {
        Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "sc-work");
        try {
            OutboxSettings s = new OutboxSettings("acme", root.resolve("outbox"), shm, root.resolve("sent"),
                    root.resolve("error"), null, RENAME, List.of(), List.of(), Map.of());
            IOException e = assertThrows(IOException.class, () -> new DirectoryOutbox(s));
            assertTrue(e.getMessage().contains("not on the same file system"), e.getMessage());
        } finally {
            Files.deleteIfExists(shm);
        }
    }

    @Test
    void aFileThatChangedAfterItWasFoundReadyIsNotClaimed() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        Path f = write("x.xml", "<a/>");
        ReadyFile ready = o.poll(1).get(0);
        Files.writeString(f, "<a/><b/>", StandardOpenOption.APPEND);
        assertNull(o.claim(ready));
        assertEquals(List.of("x.xml"), folder("outbox"));
    }

    @Test
    void claimedFilesAreFoundAgainAfterACrashWithTheirNames() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        write("one.xml", "1");
        write("two.xml", "2");
        for (ReadyFile r : o.poll(10)) {
            o.claim(r);
        }
        Files.createDirectories(root.resolve("work/0000000000001-000000"));   // a crash between mkdir and move
        o.close();
        open.clear();
        DirectoryOutbox after = outbox(RENAME, Clock.systemUTC());
        List<String> claimed = after.claimed().stream().map(ClaimedFile::originalName).sorted().toList();
        assertEquals(List.of("one.xml", "two.xml"), claimed);
        assertFalse(Files.exists(root.resolve("work/0000000000001-000000")), "the empty claim folder is cleaned up");
    }

    @Test
    void aClaimIsOneFileInTheWorkFolderAndAClaimOfAnEarlierVersionIsFoundAndSettledToo() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        write("new.xml", "1");
        ClaimedFile fresh = o.claim(o.poll(1).get(0));
        assertEquals(root.resolve("work"), fresh.path().getParent(), "no folder per claim");
        assertTrue(fresh.path().getFileName().toString().matches("\\d{13}-\\d{6}_new\\.xml"), fresh.path().toString());
        Path old = Files.createDirectories(root.resolve("work/0000000000002-000007"));
        Files.writeString(old.resolve("old.xml"), "2");                           // claimed by an earlier version

        List<ClaimedFile> claimed = o.claimed();
        assertEquals(List.of("new.xml", "old.xml"), claimed.stream().map(ClaimedFile::originalName).sorted().toList());
        for (ClaimedFile c : claimed) {
            o.settle(c, Disposition.SENT, null);
        }
        assertEquals(List.of("new.xml", "old.xml"), folder("sent"));
        assertEquals(List.of(), folder("work"), "nothing is left behind, old claim folders included");
    }

    @Test
    void aNameTooLongToCarryTheClaimIdIsClaimedIntoAFolderOfItsOwn() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        String name = "å".repeat(120) + ".xml";                  // 244 bytes: with an id in front, over 255
        write(name, "1");
        ClaimedFile c = o.claim(o.poll(1).get(0));
        assertEquals(name, c.path().getFileName().toString());
        assertEquals(List.of(name), o.claimed().stream().map(ClaimedFile::originalName).toList());
        o.settle(c, Disposition.SENT, null);
        assertEquals(List.of(name), folder("sent"));
        assertEquals(List.of(), folder("work"));
    }

    // ------------------------------------------------------------------------------------------------ settle

    @Test
    void aNonAsciiNameKeepsItsNameThroughClaimAndSettle() throws Exception {
        Path corpus = Path.of(System.getProperty("testdata", "../../testdata"), "bad",
                "Fäktura nr 1 – ÅÄÖ ü €.xml");
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        Files.copy(corpus, root.resolve("outbox").resolve(corpus.getFileName().toString()));
        ClaimedFile c = o.claim(o.poll(1).get(0));
        assertEquals("Fäktura nr 1 – ÅÄÖ ü €.xml", c.originalName());
        Path sent = o.settle(c, Disposition.SENT, null);
        assertEquals("Fäktura nr 1 – ÅÄÖ ü €.xml", sent.getFileName().toString());
        assertEquals(Files.mismatch(corpus, sent), -1L, "content unchanged");
    }

    @Test
    void aGroupIsClaimedAndSettledTogetherAndOneFailureLeavesTheOthersSettled() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        for (String n : List.of("a.xml", "b.xml", "c.xml")) {
            write(n, "<Invoice/>");
        }
        List<ReadyFile> ready = o.poll(10);
        Files.delete(ready.get(1).path());              // taken by someone else between the listing and the claim
        List<ClaimedFile> claimed = o.claim(ready);
        assertEquals(List.of("a.xml", "c.xml"), claimed.stream().map(ClaimedFile::originalName).toList(),
                "a file gone in the meantime is left out, not an error");
        assertEquals(2, o.claimed().size(), "both are in the work folder");
        Files.delete(claimed.get(0).path());            // a claimed file that vanished cannot be settled
        List<Outbox.Settled> settled = o.settle(List.of(new Outbox.Settlement(claimed.get(0), Disposition.SENT, null),
                new Outbox.Settlement(claimed.get(1), Disposition.ERROR, "refused")));
        assertNotNull(settled.get(0).failure(), "the first failed");
        assertNull(settled.get(0).landed());
        assertNull(settled.get(1).failure(), "and the second was settled all the same");
        assertEquals(root.resolve("error/c.xml"), settled.get(1).landed());
        assertTrue(Files.exists(root.resolve("error/c.xml.error.txt")), "with its reason file");
    }

    @Test
    void theReasonFilesCommandNamesTheLauncherAndTheHomeReadyToCopy() {
        assertEquals("/opt/sc/bin/serverconnect --home /srv/sc requeue acme x.xml",
                DirectoryOutbox.requeueCommand("/opt/sc", "/srv/sc", "acme", "x.xml"));
        assertEquals("'/opt/my sc/bin/serverconnect' --home '/srv/it'\\''s' requeue acme 'x (2).xml'",
                DirectoryOutbox.requeueCommand("/opt/my sc", "/srv/it's", "acme", "x (2).xml"));
        assertEquals("serverconnect requeue acme x.xml", DirectoryOutbox.requeueCommand(null, null, "acme", "x.xml"),
                "outside the launcher's runtime: the command alone");
    }

    @Test
    void aReasonFileFollowsNoLinkSomeoneLeftInTheErrorFolder() throws Exception {
        DirectoryOutbox o = outbox(RENAME, new TestClock());
        Path victim = root.resolveSibling("victim.txt");
        Files.writeString(victim, "keep me");
        Files.createDirectories(root.resolve("error"));
        // whoever may write the error folder cannot guess where the reason is written before it takes its name
        Files.createSymbolicLink(root.resolve("error/.evil.xml.error.txt.tmp"), victim);
        write("evil.xml", "not xml");
        Path err = o.settle(o.claim(o.poll(1).get(0)), Disposition.ERROR, "The file is not well-formed XML (line 1).");
        assertEquals("keep me", Files.readString(victim));
        Path reason = err.resolveSibling("evil.xml.error.txt");
        assertTrue(Files.isRegularFile(reason, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a file of its own");
        assertTrue(Files.readString(reason).contains("not well-formed XML"));
        try (Stream<Path> s = Files.list(root.resolve("error"))) {
            assertEquals(List.of(".evil.xml.error.txt.tmp", "evil.xml", "evil.xml.error.txt"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left behind");
        }
    }

    @Test
    void settlingNeverOverwritesAndErrorsCarryAReasonFile() throws Exception {
        TestClock clock = new TestClock();
        DirectoryOutbox o = outbox(RENAME, clock);
        for (int round = 0; round < 2; round++) {
            write("dup.xml", "round " + round);
            o.settle(o.claim(o.poll(1).get(0)), Disposition.SENT, null);
        }
        assertEquals(List.of("dup (2).xml", "dup.xml"), folder("sent"));
        assertEquals("round 0", Files.readString(root.resolve("sent/dup.xml")), "the first one is untouched");

        write("bad.xml", "not xml");
        Path err = o.settle(o.claim(o.poll(1).get(0)), Disposition.ERROR, "The file is not well-formed XML (line 1).");
        assertEquals(List.of("bad.xml", "bad.xml.error.txt"), folder("error"));
        String reason = Files.readString(err.resolveSibling("bad.xml.error.txt"));
        assertTrue(reason.contains("not well-formed XML (line 1)") && reason.contains("move it back into the account's outbox"),
                reason);
        assertTrue(reason.contains("    " + DirectoryOutbox.requeueCommand(System.getProperty("serverconnect.dist"),
                System.getProperty("serverconnect.home"), "acme", "bad.xml") + "\n"), reason);

        write("arch.xml", "a");
        Path archived = o.settle(o.claim(o.poll(1).get(0)), Disposition.ARCHIVE, null);
        assertEquals(root.resolve("archive/2026/11/27/arch.xml"), archived);
        assertEquals(List.of(), folder("work"), "no claim is left behind");
    }

    @Test
    void sentFilesCanBeDeletedInsteadOfKept() throws Exception {
        DirectoryOutbox o = outbox(settings(RENAME, Map.of("sentAction", "delete"), List.of(), List.of()), Clock.systemUTC());
        write("gone.xml", "x");
        assertNull(o.settle(o.claim(o.poll(1).get(0)), Disposition.SENT, null));
        assertEquals(List.of(), folder("sent"));
        assertEquals(List.of(), folder("work"));
    }

    @Test
    void requeueAndReleasePutFilesBackIntoTheOutbox() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        write("fix-me.xml", "x");
        o.settle(o.claim(o.poll(1).get(0)), Disposition.ERROR, "wrong");
        o.requeue("fix-me.xml");
        assertEquals(List.of("fix-me.xml"), folder("outbox"));
        assertEquals(List.of(), folder("error"), "the reason file goes too");
        assertThrows(NoSuchFileException.class, () -> o.requeue("nothing.xml"));
        assertThrows(IllegalArgumentException.class, () -> o.requeue("../outbox/fix-me.xml"));

        ClaimedFile c = o.claim(o.poll(1).get(0));
        write("fix-me.xml", "a new one with the same name");
        Path back = o.release(c);
        assertEquals("fix-me (2).xml", back.getFileName().toString(), "the newer file is not overwritten");
        assertEquals(List.of(), folder("work"));
    }

    @Test
    void submittedFilesAppearWholeUnderTheirNameAndNeverReplaceOne() throws Exception {
        DirectoryOutbox o = outbox(stable(0, 0), Clock.systemUTC());
        Path landed = o.submit("new.xml", new java.io.ByteArrayInputStream("<Invoice/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(root.resolve("outbox/new.xml"), landed);
        assertEquals("<Invoice/>", Files.readString(landed));
        try (Stream<Path> all = Files.list(root.resolve("outbox"))) {
            assertEquals(List.of(), all.map(p -> p.getFileName().toString()).filter(n -> n.contains("submitting")).toList(),
                    "no temporary file is left behind");
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> o.submit("new.xml",
                new java.io.ByteArrayInputStream(new byte[] { 1 })));
        assertEquals("<Invoice/>", Files.readString(landed), "the file already there is kept as it was");
        for (String bad : List.of("../escape.xml", ".hidden.xml", "sub/dir.xml", "")) {
            assertThrows(IllegalArgumentException.class, () -> o.submit(bad, new java.io.ByteArrayInputStream(new byte[0])), bad);
        }
        assertEquals(List.of("new.xml"), folder("outbox"));

        o.settle(o.claim(o.poll(1).get(0)), Disposition.ERROR, "wrong");
        assertEquals(List.of("new.xml"), o.errorFiles(), "the error folder's files, without their reasons");
    }

    @Test
    void aSubmittedFileGetsTheMarkerTheDoneFileRuleWaitsFor() throws Exception {
        DirectoryOutbox o = outbox(settings(new Pickup(Pickup.Kind.DONE_FILE, Duration.ZERO, Duration.ZERO), Map.of(),
                List.of(), List.of()), Clock.systemUTC());
        o.submit("a.xml", new java.io.ByteArrayInputStream("<Invoice/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("a.xml", "a.xml.done"), folder("outbox"));
        assertEquals(List.of("a.xml"), names(o.poll(10)));
    }

    @Test
    void fileEventsAnnounceNewFiles() throws Exception {
        DirectoryOutbox o = outbox(RENAME, Clock.systemUTC());
        CountDownLatch told = new CountDownLatch(1);
        o.onActivity(told::countDown);
        write("new.xml", "x");
        assertTrue(told.await(10, TimeUnit.SECONDS), "no file event within 10 s");
    }
}
