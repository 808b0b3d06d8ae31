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
        Map<String, String> csv = new LinkedHashMap<>();
        long maxUpload = DEFAULT_MAX_UPLOAD_MB << 20;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--max-size") && i + 1 < args.length) {
                maxUpload = megabytes(args[++i]) << 20;
            } else if ((a.equals("--separator") || a.equals("--decimal")) && i + 1 < args.length) {
                csv.put(a.substring(2), args[++i]);
            } else {
                files.add(Path.of(a));
            }
        }
        int bad = run(files, json, csv, maxUpload, System.out);
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

    /** What a Pagero connection uploads at most unless its {@code maxUploadSize} says otherwise, in MB. */
    static final long DEFAULT_MAX_UPLOAD_MB = 100;

    private static long megabytes(String value) {
        try {
            long mb = Long.parseLong(value.trim());
            if (mb >= 0) {
                return mb;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--max-size takes a number of MB (0: no limit), not '" + value + "'");
    }

    /**
     * Checks the files, printing one line (or JSON object) each; a file larger than {@code maxUpload} bytes (0: no
     * limit) would not be sent. @return how many are not fine
     */
    static int run(List<Path> files, boolean json, Map<String, String> csvOptions, long maxUpload, PrintStream out)
            throws IOException {
        int bad = 0;
        for (Path f : files) {
            InvoiceReader.Reading r;
            if (!Files.isRegularFile(f)) {
                r = new InvoiceReader.Reading("No such file.", null, null, false, Map.of(), 0);
            } else if (f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                r = csv(f, csvOptions);
            } else {
                try (InputStream in = Files.newInputStream(f)) {
                    r = InvoiceReader.read(in);
                }
            }
            CheckResult check = withSize(f, Descriptions.check(r, CheckLevel.RULES), maxUpload);
            DocumentDescription d = r.problem() == null ? Descriptions.describe(r) : null;
            if (!check.ok()) {
                bad++;
            }
            out.println(json ? JSON.writeValueAsString(object(f, d, check)) : line(f, d, check));
        }
        return bad;
    }

    /** The check, and an error when the file is larger than a connection uploads. */
    private static CheckResult withSize(Path f, CheckResult check, long maxUpload) throws IOException {
        long size = Files.isRegularFile(f) ? Files.size(f) : 0;
        if (maxUpload <= 0 || size <= maxUpload) {
            return check;
        }
        List<CheckResult.Finding> findings = new ArrayList<>(check.findings());
        findings.add(new CheckResult.Finding(CheckResult.Finding.Severity.ERROR, "SIZE", "it is " + (size >> 20)
                + " MB, larger than the " + (maxUpload >> 20) + " MB a connection uploads (its maxUploadSize; "
                + DEFAULT_MAX_UPLOAD_MB + " MB unless set, --max-size N checks against another limit): it would not "
                + "be sent", null));
        return new CheckResult(findings);
    }

    /** The CSV converter of the format-csv bundle, when it is on the class path (the launcher puts it there). */
    static final String CSV_CONVERTER = "org.serverconnect.format.csv.internal.CsvConverter";

    /** A CSV invoice is read as the UBL it converts into; a file that does not convert is refused with the reason. */
    private static InvoiceReader.Reading csv(Path f, Map<String, String> options) throws IOException {
        org.serverconnect.api.format.Converter converter;
        try {
            converter = (org.serverconnect.api.format.Converter) Class.forName(CSV_CONVERTER).getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new InvoiceReader.Reading("CSV files need the format-csv bundle, which is not installed.", null, null,
                    false, Map.of(), 0);
        }
        java.io.ByteArrayOutputStream xml = new java.io.ByteArrayOutputStream();
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put("fileName", f.getFileName().toString());
        try (InputStream in = Files.newInputStream(f)) {
            converter.convert(in, xml, o);
        } catch (org.serverconnect.api.format.FormatException e) {
            return new InvoiceReader.Reading(e.getMessage(), null, null, false, Map.of(), 0);
        }
        return InvoiceReader.read(new java.io.ByteArrayInputStream(xml.toByteArray()));
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
