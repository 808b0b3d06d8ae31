package org.serverconnect.api.format;

import java.util.List;

/**
 * What a check found.
 *
 * @param findings every finding, errors first
 */
public record CheckResult(List<Finding> findings) {
    public CheckResult {
        findings = List.copyOf(findings);
    }

    /** @return a result without findings */
    public static CheckResult passed() {
        return new CheckResult(List.of());
    }

    /** @return {@code true} when no finding is an error (warnings do not stop a document) */
    public boolean ok() {
        return findings.stream().noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    /**
     * One finding.
     *
     * @param severity how bad it is
     * @param rule     the rule's id (for example {@code BR-CO-15}), or {@code null}
     * @param message  what is wrong, in plain words
     * @param location where in the document (a line number or path), or {@code null}
     */
    public record Finding(Severity severity, String rule, String message, String location) {
        /** How bad a finding is. */
        public enum Severity {
            ERROR, WARNING
        }
    }
}
