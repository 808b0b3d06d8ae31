package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;

/**
 * Finds the handler for a request (404 for an unknown path, 405 for a wrong method, 403 for the control API from
 * elsewhere than the loopback interface), applies the faults in force, and logs every request in one line (logger
 * {@code pagero.emulator.requests}). A handler's failure becomes an error answer; it never stops the emulator.
 */
final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Logger REQUESTS = LoggerFactory.getLogger("pagero.emulator.requests");

    private record Route(String method, Pattern path, String group, boolean control, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final FaultInjection faults;

    Router(FaultInjection faults) {
        this.faults = faults;
    }

    /** A Pagero endpoint; {@code group} names it for fault injection ({@code token}, {@code files}, {@code documents}). */
    void route(String method, String regex, String group, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), group, false, handler));
    }

    /** A control endpoint: loopback only, never faulted. */
    void control(String method, String regex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(regex), null, true, handler));
    }

    void handle(HttpExchange ex) throws IOException {
        long start = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String fault = null;
        Response response;
        try {
            Route route = null;
            Matcher matcher = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method().equals(method)) {
                        route = r;
                        matcher = m;
                        break;
                    }
                }
            }
            if (route == null) {
                throw pathKnown ? new HttpError(405, "method_not_allowed", method + " is not allowed on " + path)
                        : new HttpError(404, "not_found", "no such endpoint: " + path);
            }
            if (route.control() && !ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
                throw new HttpError(403, "forbidden", "the control API answers only on the loopback interface");
            }
            fault = faults.pick(route.group());
            if (fault != null && Faults.HOSTILE.contains(fault)) {
                Answers.drain(ex);
                FaultInjection.hostile(ex, fault, path);
                REQUESTS.info("{} {} 200 {} ms (fault {}: not carried out)", method, path, elapsed(start), fault);
                return;
            }
            if (fault != null && FaultInjection.STATUS.contains(fault)) {
                Answers.drain(ex);
                response = FaultInjection.statusAnswer(fault);
            } else {
                response = route.handler().handle(ex, matcher);
            }
        } catch (HttpError e) {
            response = Answers.error(e.status, e.code, e.getMessage(), e.headers);
        } catch (Exception e) {
            LOG.warn("Emulator: {} {} failed", method, path, e);
            response = Answers.error(500, "server_error", "internal error: " + e);
        }
        if ("reset".equals(fault)) {
            REQUESTS.info("{} {} reset (fault: carried out, connection closed without an answer) {} ms", method, path,
                    elapsed(start));
            Answers.drain(ex);
            // The JDK server closes the connection when a handler throws, without sending anything.
            throw new IOException("emulator fault 'reset'");
        }
        if ("slow".equals(fault)) {
            sleep(faults.slowMillis());
        }
        Answers.send(ex, response);
        REQUESTS.info("{} {} {} {} ms{}", method, path, response.status(), elapsed(start),
                fault == null ? "" : " (fault " + fault + ")");
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
