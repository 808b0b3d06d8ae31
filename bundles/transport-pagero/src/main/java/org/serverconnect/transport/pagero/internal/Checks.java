package org.serverconnect.transport.pagero.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.TransportException;

/** The end-to-end check of a connection: name lookup, TLS, credentials, clock, each configured company. */
final class Checks {
    private static final long CLOCK_TOLERANCE_SECONDS = 60;

    private final ApiCalls api;

    Checks(ApiCalls api) {
        this.api = api;
    }

    ConnectionCheck check() {
        List<ConnectionCheck.Step> steps = new ArrayList<>();
        String host = api.settings.apiUrl().getHost();
        try {
            InetAddress.getAllByName(host);
            InetAddress.getAllByName(api.settings.ssoUrl().getHost());
            steps.add(new ConnectionCheck.Step("name lookup", true, host + " and " + api.settings.ssoUrl().getHost() + " resolve"));
        } catch (UnknownHostException e) {
            steps.add(new ConnectionCheck.Step("name lookup", false, e.getMessage()
                    + " cannot be resolved: check the URL and this machine's DNS or proxy settings"));
            return new ConnectionCheck(false, steps);
        }
        try {
            api.tokens.accessToken();
            steps.add(new ConnectionCheck.Step("TLS", true, "the server's certificate is trusted"));
            steps.add(new ConnectionCheck.Step("credentials", true, "logged in as " + api.settings.username()));
        } catch (TransportException e) {
            boolean tls = e.getCause() instanceof javax.net.ssl.SSLException;
            steps.add(new ConnectionCheck.Step(tls ? "TLS" : "credentials", false, e.getMessage()));
            return new ConnectionCheck(false, steps);
        }
        try {
            PageroHttp.Answer any = api.http.execute(new HttpGet(api.api("/")), true);   // any answer carries the server's time
            if (any.date() != null) {
                steps.add(clockStep(any.date().getValue()));
            }
        } catch (TransportException e) {
            // the login just worked: a failure here says nothing about the clock, and the steps below will show it
        }
        boolean ok = steps.stream().allMatch(ConnectionCheck.Step::ok);
        for (String company : api.settings.companies()) {
            try {
                api.get("company", "/document/v1/documents?companyId=" + ApiCalls.enc(company) + "&limit=1");
                steps.add(new ConnectionCheck.Step("company", true, "company " + company + " can be read"));

            } catch (TransportException e) {
                ok = false;
                steps.add(new ConnectionCheck.Step("company", false, "company " + company + ": " + e.getMessage()
                        + (e.httpStatus() == 403 ? " (the user does not belong to this company)" : "")));
            }
        }
        return new ConnectionCheck(ok, steps);
    }

    /** The network's clock (its Date header) against ours: tokens and timestamps go wrong when they differ much. */
    private ConnectionCheck.Step clockStep(String dateHeader) {
        Instant theirs;
        try {
            theirs = java.time.ZonedDateTime.parse(dateHeader, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return new ConnectionCheck.Step("clock", true, "the server's clock is not known (Date: " + dateHeader + ")");
        }
        long skew = Math.abs(Duration.between(theirs, api.clock.instant()).toSeconds());
        if (skew > CLOCK_TOLERANCE_SECONDS) {
            return new ConnectionCheck.Step("clock", false, "this machine's clock differs from the server's by " + skew
                    + " s: log-ins expire early and times in reports are wrong; synchronise it (timedatectl set-ntp true)");
        }
        return new ConnectionCheck.Step("clock", true, "agrees with the server's (within " + skew + " s)");
    }
}
