package org.serverconnect.console.internal;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/** The web server's root leads to the status page. */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=",
        "osgi.http.whiteboard.servlet.name=serverconnect-root" })
public final class RootServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.sendRedirect(req.getContextPath() + "/status");
    }
}
