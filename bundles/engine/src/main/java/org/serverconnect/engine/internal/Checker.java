package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentValidator;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.format.Inspection;

/**
 * Describes and checks what an account sends, as its {@code check} setting says: the first format adapter that
 * recognises the file describes it (number, parties, the network's document type) and checks it, in one inspection
 * ({@link FormatAdapter#inspect}); with {@code check = rules} the rule validator runs too. Nothing here writes
 * anything.
 */
final class Checker {
    /** At most this many rule findings are named in a refusal. */
    private static final int RULE_FINDINGS = 10;

    /**
     * What a check found. {@code unavailable} is set when the file cannot be checked now (an adapter or the validator
     * is not installed): it waits, and is not refused. {@code format} is {@code null} when no adapter recognised it.
     */
    record Checked(List<String> problems, String number, String seller, String receiver, String documentType,
            String format, String unavailable) {

        static Checked waiting(String why) {
            return new Checked(List.of(), null, null, null, null, null, why);
        }

        DocumentJournal.Description description() {
            return new DocumentJournal.Description(number, seller, receiver, format, documentType);
        }
    }

    private final CheckLevel level;
    private final Supplier<List<FormatAdapter>> adapters;
    private final Supplier<DocumentValidator> validator;

    Checker(CheckLevel level, Supplier<List<FormatAdapter>> adapters, Supplier<DocumentValidator> validator) {
        this.level = level;
        this.adapters = adapters;
        this.validator = validator;
    }

    Checked check(Path file) throws IOException {
        List<FormatAdapter> all = adapters.get();
        if (all.isEmpty()) {
            return level == CheckLevel.NONE ? new Checked(List.of(), null, null, null, null, null, null)
                    : Checked.waiting("no format adapter is installed, so documents cannot be checked (check = "
                            + level.name().toLowerCase(Locale.ROOT) + ")");
        }
        // one reading per adapter asked (the format's own adapter reads a good file once for all three answers)
        CheckLevel asked = level == CheckLevel.RULES ? CheckLevel.FORMAT : level;
        Inspection first = null;
        Inspection found = null;
        for (FormatAdapter a : all) {
            Inspection i = a.inspect(file, asked);
            first = first == null ? i : first;
            if (i.format() != null) {
                found = i;
                break;
            }
        }
        List<String> problems = new ArrayList<>();
        if (found != null && found.problem() != null && level != CheckLevel.NONE) {
            problems.add(found.problem());
        }
        DocumentFormat format = found == null ? null : found.format();
        DocumentDescription d = found == null ? null : found.description();
        String number = d == null ? null : d.number();
        String seller = d == null || d.seller() == null ? null : d.seller().name();
        String receiver = d == null || d.buyer() == null ? null : d.buyer().name();
        String documentType = d == null ? null : d.networkDocumentType();
        String described = d == null ? null : format.id();
        if (level == CheckLevel.NONE || !problems.isEmpty()) {
            return new Checked(problems, number, seller, receiver, documentType, described, null);
        }
        CheckResult r = (found != null ? found : first).check();
        r.findings().stream().filter(f -> f.severity() == CheckResult.Finding.Severity.ERROR)
                .forEach(f -> problems.add(f.message() + (f.location() == null ? "" : " (" + f.location() + ")")));
        if (found == null && problems.isEmpty() && level != CheckLevel.WELLFORMED) {
            problems.add("not a recognised e-invoice format (UBL, CII, Svefaktura, Finvoice)");
        }
        if (level == CheckLevel.RULES && problems.isEmpty() && format != null) {
            DocumentValidator v = validator.get();
            if (v == null) {
                return Checked.waiting("check = rules, but the rule validation bundle is not installed");
            }
            if (v.supports(format)) {
                v.validate(file, format).findings().stream()
                        .filter(f -> f.severity() == CheckResult.Finding.Severity.ERROR).limit(RULE_FINDINGS)
                        .forEach(f -> problems.add((f.rule() == null ? "" : "[" + f.rule() + "] ") + f.message()));
            }
        }
        return new Checked(problems, number, seller, receiver, documentType, described, null);
    }
}
