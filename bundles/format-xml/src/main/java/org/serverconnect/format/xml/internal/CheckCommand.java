package org.serverconnect.format.xml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.Party;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bin/serverconnect check FILE... [--json]}: what each file is and whether it would be sent, without a
 * running runtime. Exit status 0 when every file is fine, 1 when any is not (the launcher gives 2 for usage errors).
 */
public final class CheckCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckCommand() {
    }

    public static void main(String[] args) throws IOException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println("check: " + e.getMessage()));
        boolean json = false;
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else {
                files.add(Path.of(a));
            }
        }
        int bad = run(files, json, System.out);
        if (bad > 0) {
            // The only way for a Java program to report a non-zero status without System.exit: fail main.
            throw new CheckFailed(bad + " of " + files.size() + " file(s) would not be sent");
        }
    }

    /** An exception whose only purpose is the exit status; its message is the summary line. */
    static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks the files, printing one line (or JSON object) each. @return how many are not fine */
    static int run(List<Path> files, boolean json, PrintStream out) throws IOException {
        int bad = 0;
        for (Path f : files) {
            InvoiceReader.Reading r;
            if (!Files.isRegularFile(f)) {
                r = new InvoiceReader.Reading("No such file.", null, null, false, Map.of(), 0);
            } else {
                try (InputStream in = Files.newInputStream(f)) {
                    r = InvoiceReader.read(in);
                }
            }
            CheckResult check = Descriptions.check(r, CheckLevel.RULES);
            DocumentDescription d = r.problem() == null ? Descriptions.describe(r) : null;
            if (!check.ok()) {
                bad++;
            }
            out.println(json ? JSON.writeValueAsString(object(f, d, check)) : line(f, d, check));
        }
        return bad;
    }

    private static Map<String, Object> object(Path f, DocumentDescription d, CheckResult check) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", f.toString());
        o.put("format", d == null ? null : d.format().id());
        o.put("profile", d == null ? null : d.format().profile());
        o.put("documentType", d == null ? null : d.networkDocumentType());
        o.put("kind", d == null ? null : d.format().kind().name());
        o.put("number", d == null ? null : d.number());
        o.put("issueDate", d == null || d.issueDate() == null ? null : d.issueDate().toString());
        o.put("dueDate", d == null || d.dueDate() == null ? null : d.dueDate().toString());
        o.put("currency", d == null ? null : d.currency());
        o.put("payableAmount", d == null || d.total() == null ? null : d.total().toPlainString());
        o.put("seller", d == null ? null : party(d.seller()));
        o.put("buyer", d == null ? null : party(d.buyer()));
        o.put("lineCount", d == null ? null : d.lineCount());
        o.put("valid", check.ok());
        o.put("problems", check.findings().stream()
                .map(x -> (x.severity() == CheckResult.Finding.Severity.WARNING ? "warning: " : "") + x.message()).toList());
        return o;
    }

    private static Map<String, Object> party(Party p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", p.name());
        o.put("endpoint", p.endpoint());
        return o;
    }

    private static String line(Path f, DocumentDescription d, CheckResult check) {
        StringBuilder b = new StringBuilder(f.toString()).append(": ").append(check.ok() ? "ok" : "REFUSED");
        if (d != null) {
            b.append(" - ").append(d.format().profile()).append(' ').append(d.format().kind().name().toLowerCase().replace('_', ' '));
            if (d.number() != null) {
                b.append(' ').append(d.number());
            }
            if (d.issueDate() != null) {
                b.append(" of ").append(d.issueDate());
            }
            if (d.total() != null) {
                b.append(", ").append(d.currency() == null ? "" : d.currency() + " ").append(d.total().toPlainString());
            }
            if (d.seller().name() != null || d.buyer().name() != null) {
                b.append(", ").append(d.seller().name()).append(" -> ").append(d.buyer().name());
            }
        }
        for (CheckResult.Finding x : check.findings()) {
            b.append("\n    ").append(x.severity().name().toLowerCase()).append(": ").append(x.message());
        }
        return b.toString();
    }
}
