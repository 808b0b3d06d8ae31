package org.serverconnect.directory.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.document.OutboxSettings;
import org.serverconnect.api.document.OutboxSettings.Pickup;

/** A second "runtime" for {@link DirectoryOutboxTest}: opens the outbox given as argument and holds it until stdin closes. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        OutboxSettings s = new OutboxSettings("other", root.resolve("outbox"), root.resolve("work2"), root.resolve("sent"),
                root.resolve("error"), null, new Pickup(Pickup.Kind.RENAME, Duration.ZERO, Duration.ZERO), List.of(),
                List.of(), Map.of());
        try (DirectoryOutbox o = new DirectoryOutbox(s)) {
            System.out.println("holding " + o);
            System.out.flush();
            System.in.read();
        }
    }
}
