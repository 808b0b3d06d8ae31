package org.serverconnect.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.account.AccountService;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code /health}, for load balancers, monitors and watchdogs: 200 while every account works or has been offline
 * for less than {@code health.offlineGrace} seconds ({@code etc/org.serverconnect.console.cfg}, default 600), 503
 * when one has been offline for longer. No login: the answer only names the accounts that are offline, and why.
 */
@Component(service = Servlet.class, configurationPid = HealthServlet.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = { "osgi.http.whiteboard.servlet.pattern=/health", "osgi.http.whiteboard.servlet.name=serverconnect-health" })
@Designate(ocd = HealthServlet.Config.class)
public final class HealthServlet extends HttpServlet {
    static final String PID = "org.serverconnect.console";
    private static final long serialVersionUID = 1L;

    @ObjectClassDefinition(name = "Server Connect console", description = "The status page, JSON API, metrics and health endpoint.")
    public @interface Config {
        @AttributeDefinition(name = "Offline grace (s)", description = "/health answers 503 once an account has been "
                + "OFFLINE for longer than this.")
        long health_offlineGrace() default 600;
    }

    private final transient ObjectMapper json = new ObjectMapper();
    private transient volatile Duration grace;

    private final transient Accounts accounts;

    @Activate
    public HealthServlet(Config config, @Reference Accounts accounts) {
        this.accounts = accounts;
        modified(config);
    }

    @Modified
    void modified(Config config) {
        grace = Duration.ofSeconds(Math.max(0, config.health_offlineGrace()));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Instant now = Instant.now();
        List<Object> down = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (AccountService a : accounts.sorted()) {
            Instant since = a.offlineSince();
            if (since == null) {
                continue;
            }
            offline.add(a.name());
            if (Duration.between(since, now).compareTo(grace) >= 0) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("account", a.name());
                d.put("offlineSince", since.toString());
                d.put("description", a.status().description());
                down.add(d);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", down.isEmpty() ? "UP" : "DOWN");
        body.put("accounts", accounts.sorted().size());
        body.put("offline", offline);
        body.put("offlineTooLong", down);
        body.put("graceSeconds", grace.toSeconds());
        resp.setStatus(down.isEmpty() ? 200 : 503);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
