package org.serverconnect.runtime.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what bundles write to the OSGi Log Service (SCR, Configuration Admin, FileInstall, framework errors) to the
 * same SLF4J log as everything else, so an operator reads one log. Warnings and errors from before it started are
 * replayed from the Log Service's history. Framework and bundle lifecycle events, which the
 * Log Service records at INFO, are lowered to DEBUG; errors keep their level.
 */
@Component(immediate = true, service = {})
public final class OsgiLogBridge {
    private final LogReaderService reader;
    private final LogListener listener = this::logged;

    @Activate
    public OsgiLogBridge(@Reference(cardinality = ReferenceCardinality.OPTIONAL) LogReaderService reader) {
        // Under Pax Logging (Apache Karaf) the OSGi log and SLF4J already go to the same place: nothing to bridge.
        boolean pax = LoggerFactory.getILoggerFactory().getClass().getName().startsWith("org.ops4j.pax.logging");
        this.reader = pax ? null : reader;
        if (this.reader != null) {
            this.reader.addLogListener(listener);
            replayProblemsLoggedBefore(this.reader);
        }
    }

    /**
     * Warnings and errors logged before this bridge started (a component that failed while the runtime was coming
     * up) are in the Log Service's history: pass them on, oldest first, so they are not lost.
     */
    private void replayProblemsLoggedBefore(LogReaderService reader) {
        java.util.Deque<LogEntry> earlier = new java.util.ArrayDeque<>();
        for (java.util.Enumeration<LogEntry> e = reader.getLog(); e.hasMoreElements();) {
            LogEntry entry = e.nextElement();     // newest first
            switch (entry.getLogLevel()) {
            case AUDIT, ERROR, WARN -> earlier.addFirst(entry);
            default -> { }
            }
        }
        earlier.forEach(this::logged);
    }

    @Deactivate
    void stop() {
        if (reader != null) {
            reader.removeLogListener(listener);
        }
    }

    void logged(LogEntry entry) {
        String loggerName = entry.getLoggerName();
        boolean lifecycleEvent = loggerName != null && loggerName.startsWith("Events.");
        String name = "osgi." + (entry.getBundle() == null ? "framework" : String.valueOf(entry.getBundle().getSymbolicName()));
        Logger log = LoggerFactory.getLogger(name);
        String message = entry.getMessage();
        Throwable error = entry.getException();
        switch (entry.getLogLevel()) {
        case AUDIT, ERROR -> log.error(message, error);
        case WARN -> log.warn(message, error);
        case INFO -> {
            if (lifecycleEvent) {
                log.debug(message, error);
            } else {
                log.info(message, error);
            }
        }
        case DEBUG -> log.debug(message, error);
        default -> log.trace(message, error);
        }
    }
}
