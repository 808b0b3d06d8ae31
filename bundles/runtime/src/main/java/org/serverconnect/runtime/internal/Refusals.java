package org.serverconnect.runtime.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.serverconnect.api.config.ConfigurationRefusals;

/**
 * Why a connection or notifier does not run, from what Declarative Services knows: a component whose activation
 * failed (it refused its configuration) provides no service, and the reason it gave is kept with its configuration.
 * Asked by accounts whose connection or notifier does not come, so that they say why.
 */
@Component(service = ConfigurationRefusals.class)
public final class Refusals implements ConfigurationRefusals {
    /** A line of a stack trace that names an exception and its message. */
    private static final Pattern THROWN = Pattern.compile("^(?:Caused by: )?[\\w.$]+(?:Exception|Error)[\\w$]*: (.+)$");

    private final ServiceComponentRuntime scr;

    @Activate
    public Refusals(@Reference ServiceComponentRuntime scr) {
        this.scr = scr;
    }

    @Override
    public Optional<String> refused(String service, String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.serviceInterfaces == null || !Arrays.asList(d.serviceInterfaces).contains(service)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                Object n = c.properties == null ? null : c.properties.get(NameFromPidPlugin.NAME);
                if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && name.trim().equals(String.valueOf(n))) {
                    return Optional.of(reason(c.failure));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param failure the stack trace Declarative Services kept
     * @return the message of the innermost exception that has one: what the component said, without the trace
     */
    static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "its component did not start (no reason given; see the log)";
        }
        String reason = null;
        for (String line : failure.lines().map(String::strip).toList()) {
            Matcher m = THROWN.matcher(line);
            if (m.matches()) {
                reason = m.group(1);
            }
        }
        return reason != null ? reason : failure.lines().findFirst().orElse(failure).strip();
    }

    /** @return the innermost message of an exception chain (what a component said when it refused its configuration) */
    static String reason(Throwable t) {
        String reason = null;
        for (Throwable e = t; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e.getMessage() != null && !e.getMessage().isBlank()) {
                reason = e.getMessage();
            }
        }
        return reason == null ? String.valueOf(t) : reason;
    }
}
