package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.serverconnect.api.transport.Transport;

/**
 * Sends a group of claimed files through the stages of the life of a file, each for the whole group:
 *
 * <ol>
 * <li><b>read</b> — a file seen for the first time gets its SHA-256 and size;</li>
 * <li><b>journal</b> — it is recorded {@code CLAIMED} with its unique reference;</li>
 * <li><b>prepare</b> — converted and checked ({@link Preparation});</li>
 * <li><b>journal</b> — refused, or {@code SENDING} before any upload ({@link SendRecords#decided});</li>
 * <li><b>upload</b> — side by side, with the look-up of uploads in doubt ({@link Uploader});</li>
 * <li><b>journal</b> — {@code SENT}, a retry or {@code FAILED} ({@link SendRecords#uploaded});</li>
 * <li><b>settle</b> — out of the work folder, and where each went recorded ({@link Settler}).</li>
 * </ol>
 *
 * Each journal stage is one transaction for the group, so a group costs a few disk syncs instead of several per
 * file, and each is durable before the stage that depends on it. Reading, preparing and uploading run side by side
 * on the account's {@code send.parallel} threads. Alerts go out once what they speak of is recorded.
 */
final class SendGroup {
    private final AccountSettings settings;
    private final DocumentJournal journal;
    private final Preparation preparation;
    private final SendRecords records;
    private final Uploader uploader;
    private final Settler settler;
    private final CircuitBreaker circuit;
    private final Parallel parallel;
    private final BooleanSupplier stopping;

    SendGroup(AccountSettings settings, DocumentJournal journal, Preparation preparation, SendRecords records,
            Uploader uploader, Settler settler, CircuitBreaker circuit, Parallel parallel, BooleanSupplier stopping) {
        this.settings = settings;
        this.journal = journal;
        this.preparation = preparation;
        this.records = records;
        this.uploader = uploader;
        this.settler = settler;
        this.circuit = circuit;
        this.parallel = parallel;
        this.stopping = stopping;
    }

    void send(List<Outgoing> group, Transport transport, Notices.Report report) throws IOException, SQLException {
        List<Read> reads = new ArrayList<>();
        for (Outgoing it : group) {
            if (it.doc == null) {
                reads.add(new Read(it));
            }
        }
        parallel.each(reads, Read::run);
        journal.batch(() -> {
            for (Read r : reads) {
                r.it.doc = journal.claimed(settings.name(), r.it.name(), SendRun.workName(settings, r.it.file), r.sha256,
                        r.size);
            }
            return null;
        });
        parallel.each(group, it -> it.verdict = preparation.prepare(it));
        List<Outgoing> uploads = new ArrayList<>();
        List<Runnable> committed = new ArrayList<>();
        try {
            List<Runnable> decided = new ArrayList<>();
            journal.batch(() -> {
                for (Outgoing it : group) {
                    if (records.decided(it, report, decided)) {
                        uploads.add(it);
                    }
                }
                return null;
            });
            committed.addAll(decided);
            upload(uploads, transport);
            List<Runnable> uploaded = new ArrayList<>();
            journal.batch(() -> {
                for (Outgoing it : uploads) {
                    records.uploaded(it, report, uploaded);
                }
                return null;
            });
            committed.addAll(uploaded);
            settler.settle(group);
        } finally {
            // alerts go out once what they speak of is recorded, and after the files have moved where they say
            committed.forEach(Runnable::run);
        }
    }

    /** Runs the group's uploads and waits for all of them; after a pause, one upload tries first, alone. */
    private void upload(List<Outgoing> items, Transport transport) throws IOException {
        int first = 0;
        if (circuit.paused() && !items.isEmpty()) {
            items.get(0).attempt = uploader.upload(items.get(0), transport, stopping.getAsBoolean());
            first = 1;
        }
        parallel.each(items.subList(first, items.size()),
                it -> it.attempt = uploader.upload(it, transport, stopping.getAsBoolean()));
    }

    /** The read stage for one file seen for the first time: its digest and size. */
    private static final class Read {
        final Outgoing it;
        String sha256;
        long size;

        Read(Outgoing it) {
            this.it = it;
        }

        void run() throws IOException {
            sha256 = Digests.sha256(it.file.path());
            size = Files.size(it.file.path());
        }
    }
}
