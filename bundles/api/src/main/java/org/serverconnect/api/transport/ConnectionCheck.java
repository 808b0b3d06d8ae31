package org.serverconnect.api.transport;

import java.util.List;

/**
 * The result of {@link Transport#check()}.
 *
 * @param ok     {@code true} when every step succeeded
 * @param steps  each step in order, with what happened
 */
public record ConnectionCheck(boolean ok, List<Step> steps) {
    public ConnectionCheck {
        steps = List.copyOf(steps);
    }

    /**
     * One step of a check.
     *
     * @param name   what was checked ("name lookup", "TLS", "credentials", "company", "clock")
     * @param ok     whether it worked
     * @param detail what happened and, on failure, what to do, in plain words
     */
    public record Step(String name, boolean ok, String detail) {
    }
}
