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
        Throwable refusal = refusal(error);
        if (refusal != null) {
            // a component of ours refused its configuration: one line that says why, not a stack trace
            log.error("{}: its configuration was refused: {} (it does not run until the configuration is fixed)",
                    component(message, name), Refusals.reason(refusal));
            return;
        }
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

    /**
     * @return the {@link IllegalArgumentException} a component of ours threw when it read its configuration (how our
     *         components refuse a wrong one), or {@code null}
     */
    static Throwable refusal(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof IllegalArgumentException) {
                for (StackTraceElement f : e.getStackTrace()) {
                    if (f.getClassName().startsWith(NameFromPidPlugin.PREFIX)) {
                        return e;
                    }
                }
            }
        }
        return null;
    }

    /** @return the component Declarative Services names in its message ({@code [org.example.Foo(12)]}), else the logger */
    static String component(String message, String fallback) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[([\\w.$]+)\\((\\d+)\\)\\]").matcher(
                message == null ? "" : message);
        String found = null;
        while (m.find()) {
            found = m.group(1) + " (component " + m.group(2) + ")";
        }
        return found == null ? fallback : found;
    }
}
