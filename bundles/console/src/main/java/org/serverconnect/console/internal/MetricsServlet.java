package org.serverconnect.console.internal;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Prometheus metrics at {@code /metrics}, in the text exposition format, with the console's login (HTTP Basic:
 * {@code basic_auth} in Prometheus' scrape configuration). The metrics themselves are registered by the bundles
 * that measure (the engine: documents, queues, runs, network calls, circuit breakers).
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=serverconnect-metrics" })
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Login login;
    private final transient PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    @Activate
    public MetricsServlet(@Reference Login login) {
        this.login = login;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Login.Verdict verdict = login.basicVerdict(req);
        if (verdict == Login.Verdict.WAIT) {
            login.tooMany(req, resp);
            resp.sendError(429, "too many wrong logins from this address");
            return;
        }
        if (verdict != Login.Verdict.RIGHT && login.session(req) == null) {
            Login.challenge(resp);
            resp.sendError(401, "log in with the web console's user and password");
            return;
        }
        resp.setStatus(200);
        resp.setContentType(writer.getContentType());
        resp.setHeader("Cache-Control", "no-store");
        writer.write(resp.getOutputStream(), PrometheusRegistry.defaultRegistry.scrape());
    }
}
