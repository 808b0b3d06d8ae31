package org.serverconnect.api;

import java.util.Objects;

/**
 * One finding of a health check ({@code serverconnect doctor}): what was checked, whether it is fine, and, when it is
 * not, what to do.
 *
 * @param subject what was checked, for example {@code "outbox /srv/acme/out"} or {@code "connection prod: TLS"}
 * @param ok      whether it is fine
 * @param detail  what was found and, when not fine, what to do, in plain words
 */
public record Check(String subject, boolean ok, String detail) {
    public Check {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    /** @return a finding that is fine */
    public static Check ok(String subject, String detail) {
        return new Check(subject, true, detail);
    }

    /** @return a finding that needs the operator */
    public static Check problem(String subject, String whatToDo) {
        return new Check(subject, false, whatToDo);
    }
}
