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
        RuntimeState s = ReadinessProbe.evaluate(42, true, false, List.of(SCR, FRAGMENT), "http://127.0.0.1:8181", false);
        assertEquals(Phase.READY, s.phase());
        assertEquals(1, s.bundlesActive());
        assertEquals(1, s.bundlesTotal(), "fragments are not counted");
        assertTrue(s.problems().isEmpty());
    }

    @Test
    void startingUntilTheStartLevelIsReached() {
        RuntimeState s = ReadinessProbe.evaluate(42, false, false, List.of(SCR), null, false);
        assertEquals(Phase.STARTING, s.phase());
        assertEquals(List.of("start level not reached yet"), s.problems());
    }

    @Test
    void aBundleThatIsNotActiveIsNamedAndMakesAReadyRuntimeDegraded() {
        BundleView broken = new BundleView("org.serverconnect.engine", "INSTALLED (not resolved)", false);
        RuntimeState before = ReadinessProbe.evaluate(42, true, false, List.of(SCR, broken), null, false);
        assertEquals(Phase.STARTING, before.phase());
        RuntimeState after = ReadinessProbe.evaluate(42, true, false, List.of(SCR, broken), null, true);
        assertEquals(Phase.DEGRADED, after.phase());
        assertEquals(List.of("org.serverconnect.engine is INSTALLED (not resolved)"), after.problems());
    }

    @Test
    void stoppingWinsOverEverythingElse() {
        assertEquals(Phase.STOPPING, ReadinessProbe.evaluate(42, true, true, List.of(SCR), null, true).phase());
    }

    @Test
    void statusFileIsWrittenWholeWithTheFieldsTheLauncherReads(@TempDir Path home) throws Exception {
        StatusFile file = new StatusFile(home.resolve("data/runtime.status"));
        RuntimeState s = ReadinessProbe.evaluate(42, true, false, List.of(SCR), "http://127.0.0.1:8181", false);
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
