package org.serverconnect.notify.log.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.serverconnect.api.journal.DocumentState;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.RunReport;
import org.serverconnect.api.notify.RunReport.DocumentOutcome;

/** Turns run reports and events into log lines a person can scan. Plain Java. */
final class ReportFormatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final ZoneId zone;

    ReportFormatter(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The one-line summary of a run, for example
     * {@code acme send run 10:00:01-10:00:03 (2.1 s): 12 sent, 1 rejected}.
     */
    String summary(RunReport report) {
        Map<DocumentState, Integer> counts = new EnumMap<>(DocumentState.class);
        for (DocumentOutcome d : report.documents()) {
            counts.merge(d.state(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((state, n) -> parts.add(n + " " + state.word()));
        Duration took = Duration.between(report.started(), report.finished());
        StringBuilder line = new StringBuilder()
                .append(report.account()).append(' ')
                .append(report.kind().name().toLowerCase(Locale.ROOT)).append(" run ")
                .append(TIME.format(report.started().atZone(zone))).append('-')
                .append(TIME.format(report.finished().atZone(zone)))
                .append(String.format(Locale.ROOT, " (%.1f s): ", took.toMillis() / 1000.0))
                .append(parts.isEmpty() ? "nothing to do" : String.join(", ", parts));
        if (report.problem() != null) {
            line.append("; problem: ").append(report.problem());
        }
        return line.toString();
    }

    /** One line per document: file, invoice number, counterparty, result and reason. */
    String document(RunReport report, DocumentOutcome d) {
        StringBuilder line = new StringBuilder(report.account()).append("  ").append(d.fileName());
        if (d.invoiceNumber() != null) {
            line.append(" #").append(d.invoiceNumber());
        }
        if (d.counterparty() != null) {
            line.append(" (").append(d.counterparty()).append(')');
        }
        line.append(": ").append(d.state().word());
        if (d.reason() != null) {
            line.append(" - ").append(d.reason());
        }
        return line.toString();
    }

    String event(Event event) {
        return event.account() + " " + event.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (event.fileName() == null ? "" : " " + event.fileName()) + ": " + event.message();
    }

}
