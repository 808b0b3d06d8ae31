package org.serverconnect.config.xml.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when one file may have changed: at once when the operating system signals any change in its folder (the file
 * may be a link whose target is swapped), and in any case every {@code fallback} (folders on some network file
 * systems signal nothing). An idle file costs no CPU
 * between the fallback looks. One daemon thread, ended by {@link #close}.
 */
final class FileWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileWatch.class);

    private final Path file;
    private final Duration fallback;
    private final Runnable changed;
    private final WatchService service;
    private final Thread thread;

    FileWatch(Path file, Duration fallback, Runnable changed, String threadName) {
        this.file = file.toAbsolutePath();
        this.fallback = fallback;
        this.changed = changed;
        this.service = register(this.file.getParent());
        this.thread = new Thread(this::watch, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private static WatchService register(Path folder) {
        try {
            WatchService s = folder.getFileSystem().newWatchService();
            folder.register(s, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return s;
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: changes are not signalled ({}); it is looked at every so often instead", folder, e.toString());
            return null;
        }
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (service == null) {
                    Thread.sleep(fallback.toMillis());          // nothing signals changes here: look on a timetable
                    changed.run();
                    continue;
                }
                WatchKey key = service.poll(fallback.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    changed.run();
                    continue;
                }
                // any change in the folder: the file may be a link whose target was swapped (a mounted config map)
                key.pollEvents();
                key.reset();
                changed.run();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                // the thread ends either way
            }
        }
    }
}
