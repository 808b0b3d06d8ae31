package org.serverconnect.pagero.emulator.internal;

import java.util.regex.Matcher;

import com.sun.net.httpserver.HttpExchange;

/** Answers one request to a route; {@code path} holds the groups of the route's pattern. */
@FunctionalInterface
interface Handler {
    Response handle(HttpExchange ex, Matcher path) throws Exception;
}
