package org.serverconnect.engine.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.document.Outbox;

/**
 * The last stage of a send group: the files whose outcome the journal holds leave the work folder (to {@code sent/},
 * the archive or {@code error/}, one directory sync per folder for the group), a sent CSV file's UBL goes beside it,
 * and the journal records where each went. A file whose move failed stays claimed and is moved by a later run.
 */
final class Settler {
    private final Outbox outbox;
    private final DocumentJournal journal;
    private final Payloads payloads;

    Settler(Outbox outbox, DocumentJournal journal, Payloads payloads) {
        this.outbox = outbox;
        this.journal = journal;
        this.payloads = payloads;
    }

    /** @throws IOException the first move that failed, once every other file of the group is settled */
    void settle(List<Outgoing> group) throws IOException, SQLException {
        List<Outgoing> moving = group.stream().filter(it -> it.to != null).toList();
        List<Outbox.Settled> settled = outbox.settle(moving.stream()
                .map(it -> new Outbox.Settlement(it.file, it.to, it.why)).toList());
        IOException trouble = null;
        for (int i = 0; i < moving.size(); i++) {
            Outgoing it = moving.get(i);
            Outbox.Settled s = settled.get(i);
            if (s.failure() != null) {
                trouble = trouble == null ? s.failure() : trouble;
                continue;
            }
            it.landed = s.landed();
            it.moved = true;
            try {
                if (payloads.isCsv(it.file) && it.to == Disposition.ERROR) {
                    payloads.discard(it.doc.id());
                } else if (payloads.isCsv(it.file)) {
                    payloads.keepBeside(it.doc.id(), it.landed);
                }
            } catch (IOException e) {
                trouble = trouble == null ? e : trouble;
            }
        }
        journal.batch(() -> {
            for (Outgoing it : moving) {
                if (it.moved) {
                    journal.settled(it.doc.id(), it.landed == null ? null : it.landed.toString());
                }
            }
            return null;
        });
        if (trouble != null) {
            throw trouble;
        }
    }
}
