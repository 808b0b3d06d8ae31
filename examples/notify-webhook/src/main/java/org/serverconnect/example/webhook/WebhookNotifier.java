package org.serverconnect.example.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.notify.Audience;
import org.serverconnect.api.notify.Event;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.notify.NotifierType;
import org.serverconnect.api.notify.RunReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An example notifier: posts run reports and alerts as JSON to a URL. One per configuration
 * {@code etc/org.serverconnect.example.webhook-<name>.cfg}; an account uses it with {@code notify = <name>}.
 *
 * <p>What makes it a Server Connect notifier: it implements {@link Notifier}, is registered as that service, and
 * carries the service properties {@code name} (from the configuration's file name, filled in by the runtime) and
 * {@code notifier.type} ({@link NotifierType}). Nothing else is needed.
 */
@Component(service = Notifier.class, configurationPid = "org.serverconnect.example.webhook",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebhookNotifier.Config.class, factory = true)
@NotifierType("webhook")
public final class WebhookNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

    @ObjectClassDefinition(name = "Example webhook notifier", description = "Posts run reports and alerts as JSON.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false)
        String name() default "";

        @AttributeDefinition(name = "URL", description = "Where to POST the JSON.")
        String url();
    }

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public WebhookNotifier(Config config) {
        this.url = URI.create(config.url().trim());
    }

    @Override
    public void report(RunReport report, Audience audience) {
        if (!audience.wants(report)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "report");
        body.put("account", report.account());
        body.put("run", report.kind().name());
        body.put("documents", report.documents().stream()
                .map(d -> Map.of("file", d.fileName(), "state", d.state().name())).toList());
        post(body);
    }

    @Override
    public void event(Event event, Audience audience) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "event");
        body.put("account", event.account());
        body.put("kind", event.kind().name());
        body.put("file", event.fileName());
        body.put("message", event.message());
        post(body);
    }

    /** Sends without blocking the run; a failure is logged, never thrown (a notifier must not stop a run). */
    private void post(Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() >= 300) {
                    LOG.warn("Webhook {}: {}", url, e != null ? e.toString() : "HTTP " + r.statusCode());
                }
            });
        } catch (Exception e) {
            LOG.warn("Webhook {}: {}", url, e.toString());
        }
    }
}
