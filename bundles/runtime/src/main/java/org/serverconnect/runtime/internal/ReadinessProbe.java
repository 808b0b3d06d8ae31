package org.serverconnect.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides the runtime's phase from a snapshot of its bundles. Plain Java, so it is tested without a framework.
 */
final class ReadinessProbe {

    /**
     * One bundle as seen at one moment.
     *
     * @param symbolicName its symbolic name
     * @param state        its state in words ({@code ACTIVE}, {@code RESOLVED}, ...)
     * @param fragment     fragments are never active and are not counted
     */
    record BundleView(String symbolicName, String state, boolean fragment) {
    }

    private ReadinessProbe() {
    }

    /**
     * @param pid                 this process
     * @param startLevelReached   whether the framework reached its beginning start level
     * @param stopping            whether the framework is stopping
     * @param bundles             every installed bundle but the system bundle
     * @param http                the web server's address, or {@code null}
     * @param everReady           whether the runtime was ready before (a later problem is "degraded", not
     *                            "starting")
     * @param webProblem          why the web server is not listening although every bundle is active, or
     *                            {@code null}: the runtime is then "degraded" (it works, but not fully), never
     *                            "ready", and it will not get better by waiting
     * @param webPending          the web server is expected but not listening yet (a moment after its bundle
     *                            started, or while it moves to another port): not ready yet
     * @return the runtime's state
     */
    static RuntimeState evaluate(long pid, boolean startLevelReached, boolean stopping, List<BundleView> bundles,
            String http, boolean everReady, String webProblem, boolean webPending) {
        int total = 0;
        int active = 0;
        List<String> problems = new ArrayList<>();
        for (BundleView b : bundles) {
            if (b.fragment()) {
                continue;
            }
            total++;
            if ("ACTIVE".equals(b.state())) {
                active++;
            } else {
                problems.add(b.symbolicName() + " is " + b.state());
            }
        }
        RuntimeState.Phase phase;
        if (stopping) {
            phase = RuntimeState.Phase.STOPPING;
        } else if (startLevelReached && problems.isEmpty() && webProblem != null) {
            phase = RuntimeState.Phase.DEGRADED;
            problems.add(webProblem);
        } else if (startLevelReached && problems.isEmpty() && !webPending) {
            phase = RuntimeState.Phase.READY;
        } else {
            if (!startLevelReached) {
                problems.add(0, "start level not reached yet");
            } else if (problems.isEmpty()) {
                problems.add("web server not listening yet");
            }
            phase = everReady ? RuntimeState.Phase.DEGRADED : RuntimeState.Phase.STARTING;
        }
        return new RuntimeState(phase, pid, active, total, http, problems,
                phase == RuntimeState.Phase.DEGRADED ? webProblem : null);
    }
}
