package org.serverconnect.runtime.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the runtime is doing, as the launcher's {@code status} command reads it from {@code data/runtime.status}.
 *
 * @param phase         starting, ready, degraded or stopping
 * @param pid           the runtime's process id
 * @param bundlesActive how many bundles (fragments excluded) are active
 * @param bundlesTotal  how many bundles (fragments excluded) are installed
 * @param http          the web server's address, or {@code null} while it is not up
 * @param problems      why the runtime is not ready, one entry per bundle, empty when ready
 * @param webProblem    why the web server does not listen, or {@code null}
 */
record RuntimeState(Phase phase, long pid, int bundlesActive, int bundlesTotal, String http, List<String> problems,
        String webProblem) {

    RuntimeState {
        Objects.requireNonNull(phase, "phase");
        problems = List.copyOf(problems);
    }

    /** Phases of the runtime's life, as {@code status} reports them. */
    enum Phase {
        STARTING, READY, DEGRADED, STOPPING;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The lines written to the status file, in a stable order, {@code key=value} as in a properties file.
     *
     * @param since      when the runtime entered this phase
     * @param readyAfter milliseconds from JVM start to the first time it was ready, or -1 before that
     * @return the file's content
     */
    Map<String, String> toProperties(Instant since, long readyAfter) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("state", phase.word());
        p.put("pid", Long.toString(pid));
        p.put("since", since.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        p.put("since.text", Times.text(since));
        p.put("bundles.active", Integer.toString(bundlesActive));
        p.put("bundles.total", Integer.toString(bundlesTotal));
        if (readyAfter >= 0) {
            p.put("ready.after.ms", Long.toString(readyAfter));
        }
        if (http != null) {
            p.put("http", http);
        }
        if (!problems.isEmpty()) {
            p.put("problem", String.join("; ", problems));
        }
        if (webProblem != null) {
            p.put("http.problem", webProblem);
        }
        return p;
    }
}
