package org.serverconnect.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands before everything the runtime's web server answers, the Felix Web Console included: a request under a name
 * that is not this server's is refused ({@link HostAllowList}, against DNS rebinding), so is a change a page on
 * another site made a browser send ({@link CrossSiteRule}); and no answer is to be guessed at by a browser
 * ({@code X-Content-Type-Options: nosniff}).
 */
@Component(service = Preprocessor.class)
public final class WebGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(WebGuard.class);

    private final HostAllowList hosts;

    @Activate
    public WebGuard(BundleContext context) {
        this.hosts = new HostAllowList(context.getProperty("org.apache.felix.http.host"),
                context.getProperty("serverconnect.http.allowedHosts"));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String host = req.getHeader("Host");
        if (!hosts.allows(host)) {
            LOG.warn("Refused a request for {} from {}: not a name of this server ({}; serverconnect.http.allowedHosts "
                    + "adds names)", host, req.getRemoteAddr(), hosts);
            refuse(resp, 421, "This server does not answer to " + host + ".");
            return;
        }
        String path = req.getRequestURI();
        String why = CrossSiteRule.refusal(req.getMethod(), path, host, req.getHeader("Origin"), req.getHeader("Referer"));
        if (why != null) {
            LOG.warn("Refused {} {} from {}: {}", req.getMethod(), path, req.getRemoteAddr(), why);
            refuse(resp, 403, "Refused: " + why + ".");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
