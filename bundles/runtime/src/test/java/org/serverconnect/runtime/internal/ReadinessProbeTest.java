package org.serverconnect.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.serverconnect.runtime.internal.ReadinessProbe.BundleView;
import org.serverconnect.runtime.internal.RuntimeState.Phase;

class ReadinessProbeTest {

    private static final BundleView SCR = new BundleView("org.apache.felix.scr", "ACTIVE", false);
    private static final BundleView FRAGMENT = new BundleView("some.fragment", "RESOLVED", true);

    @Test
    void readyOnlyWhenStartLevelReachedAndEveryBundleActive() {
        RuntimeState s = ReadinessProbe.evaluate(42, true, false, List.of(SCR, FRAGMENT), "http://127.0.0.1:8181", false, null, false);
        assertEquals(Phase.READY, s.phase());
        assertEquals(1, s.bundlesActive());
        assertEquals(1, s.bundlesTotal(), "fragments are not counted");
        assertTrue(s.problems().isEmpty());
    }

    @Test
    void startingUntilTheStartLevelIsReached() {
        RuntimeState s = ReadinessProbe.evaluate(42, false, false, List.of(SCR), null, false, null, false);
        assertEquals(Phase.STARTING, s.phase());
        assertEquals(List.of("start level not reached yet"), s.problems());
    }

    @Test
    void aBundleThatIsNotActiveIsNamedAndMakesAReadyRuntimeDegraded() {
        BundleView broken = new BundleView("org.serverconnect.engine", "INSTALLED (not resolved)", false);
        RuntimeState before = ReadinessProbe.evaluate(42, true, false, List.of(SCR, broken), null, false, null, false);
        assertEquals(Phase.STARTING, before.phase());
        RuntimeState after = ReadinessProbe.evaluate(42, true, false, List.of(SCR, broken), null, true, null, false);
        assertEquals(Phase.DEGRADED, after.phase());
        assertEquals(List.of("org.serverconnect.engine is INSTALLED (not resolved)"), after.problems());
    }

    @Test
    void everyBundleActiveButNoWebServerIsDegradedAtOnceAndSaysWhy() {
        String why = "web server not listening: port 8181 on 127.0.0.1 is in use by another program";
        RuntimeState s = ReadinessProbe.evaluate(42, true, false, List.of(SCR), null, false, why, false);
        assertEquals(Phase.DEGRADED, s.phase(), "not ready, and waiting will not make it so");
        assertEquals(List.of(why), s.problems());
        Map<String, String> props = s.toProperties(Instant.parse("2026-11-27T10:00:00.123456789Z"), -1);
        assertEquals(why, props.get("http.problem"), "the launcher tells the commands that need it");
        assertEquals(null, props.get("http"), "no address of a web server that is not ours");
        assertEquals("2026-11-27T10:00:00.123Z", props.get("since"), "an instant, to the millisecond");
        assertTrue(props.get("since.text").matches("2026-11-2[78] \\d\\d:\\d\\d:00 \\S+"), props.get("since.text"));
    }

    @Test
    void aWebServerThatIsExpectedButNotListeningYetKeepsTheRuntimeStarting() {
        RuntimeState s = ReadinessProbe.evaluate(42, true, false, List.of(SCR), null, false, null, true);
        assertEquals(Phase.STARTING, s.phase());
        assertEquals(List.of("web server not listening yet"), s.problems());
    }

    @Test
    void stoppingWinsOverEverythingElse() {
        assertEquals(Phase.STOPPING, ReadinessProbe.evaluate(42, true, true, List.of(SCR), null, true, null, false).phase());
    }

    @Test
    void statusFileIsWrittenWholeWithTheFieldsTheLauncherReads(@TempDir Path home) throws Exception {
        StatusFile file = new StatusFile(home.resolve("data/runtime.status"));
        RuntimeState s = ReadinessProbe.evaluate(42, true, false, List.of(SCR), "http://127.0.0.1:8181", false, null, false);
        Map<String, String> props = s.toProperties(Instant.parse("2026-11-27T10:00:00Z"), 1234);
        file.write(props);
        List<String> lines = Files.readAllLines(file.path());
        assertTrue(lines.contains("state=ready"), lines.toString());
        assertTrue(lines.contains("pid=42"), lines.toString());
        assertTrue(lines.contains("http=http://127.0.0.1:8181"), lines.toString());
        assertTrue(lines.contains("ready.after.ms=1234"), lines.toString());
        try (var left = Files.list(file.path().getParent())) {
            assertEquals(List.of(file.path()), left.toList(), "no temporary file is left behind");
        }
    }
}
