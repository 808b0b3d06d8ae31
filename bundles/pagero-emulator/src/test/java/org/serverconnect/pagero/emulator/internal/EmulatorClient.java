package org.serverconnect.pagero.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A plain HTTPS client for the contract tests: the JDK's HttpClient trusting only the emulator's exported trust
 * store (hostname verification on). Multipart bodies are written by hand, so that a test can send exactly the parts
 * it means to (a payload without a file name, a part twice).
 */
final class EmulatorClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong UPLOADS = new AtomicLong();
    final URI base;
    final HttpClient http;
    Duration timeout = Duration.ofSeconds(30);

    EmulatorClient(URI base, Path truststore, Duration timeout) throws Exception {
        this.base = base;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
        if (truststore != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(truststore)) {
                ks.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            b.sslContext(ctx);
        }
        this.http = b.build();
    }

    record Answer(int status, String body, HttpResponse<byte[]> raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer passwordGrant(String client, String secret, String user, String password) throws Exception {
        return send(request("/oauth/v2/oauth-token").header("Authorization", basic(client, secret))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "username", user,
                        "password", password)))));
    }

    String token(String user, String password) throws Exception {
        Answer a = passwordGrant("c1", "s1", user, password);
        if (a.status() != 200) {
            throw new AssertionError("token: " + a.status() + " " + a.body());
        }
        return a.json().get("access_token").asText();
    }

    Answer get(String token, String path) throws Exception {
        return send(request(path).header("Authorization", "Bearer " + token).GET());
    }

    Answer postJson(String token, String path, Object body) throws Exception {
        HttpRequest.Builder r = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return send(r);
    }

    Answer putJson(String path, Object body) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    /** One part of a multipart body; {@code fileName} null leaves the filename attribute out. */
    record Part(String name, String fileName, byte[] content) {
        static Part text(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Uploads a document under a file name of its own; {@code parts} may leave out or override any form field. */
    Answer upload(String token, byte[] payload, Map<String, String> parts) throws Exception {
        return upload(token, payload, "sc_" + UPLOADS.incrementAndGet() + "_" + System.nanoTime() + ".xml", parts);
    }

    /** Uploads a document; {@code parts} may leave out (null value) or override any of the form fields. */
    Answer upload(String token, byte[] payload, String fileName, Map<String, String> parts) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(Map.of("documentType", "Invoice", "sendMode", "Test"));
        fields.putAll(parts);
        List<Part> body = new ArrayList<>();
        if (payload != null) {
            body.add(new Part("payload", fileName, payload));
        }
        fields.forEach((k, v) -> {
            if (v != null) {
                body.add(Part.text(k, v));
            }
        });
        return multipart(token, "multipart/form-data", body);
    }

    /** Sends exactly these parts to {@code POST /file/v1/files}, as {@code mediaType} with a boundary. */
    Answer multipart(String token, String mediaType, List<Part> parts) throws Exception {
        String boundary = "b" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"") + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(p.content());
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/file/v1/files").header("Authorization", "Bearer " + token)
                .header("Content-Type", mediaType + "; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    /** A POST with exactly this Content-Type (null for none) and body. */
    Answer post(String token, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder r = request(path).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        return send(r);
    }

    static byte[] ublInvoice(String number, String buyerScheme, String buyerEndpoint) {
        return ublInvoice(number, buyerScheme, buyerEndpoint, "2026-11-20");
    }

    static byte[] ublInvoice(String number, String buyerScheme, String buyerEndpoint, String issueDate) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"\n"
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + " <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>\n"
                + " <cbc:ID>" + number + "</cbc:ID>\n"
                + " <cbc:IssueDate>" + issueDate + "</cbc:IssueDate>\n"
                + " <cbc:DueDate>2026-12-20</cbc:DueDate>\n"
                + " <cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>\n"
                + " <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID=\"0007\">5567321707</cbc:EndpointID>"
                + "<cac:PartyName><cbc:Name>Acme AB</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>\n"
                + " <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID=\"" + buyerScheme + "\">" + buyerEndpoint
                + "</cbc:EndpointID><cac:PartyName><cbc:Name>Globex AB</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>\n"
                + " <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"SEK\">1250.00</cbc:PayableAmount></cac:LegalMonetaryTotal>\n"
                + "</Invoice>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A PUF invoice response with response code {@code code} about invoice {@code invoiceNumber}. */
    static byte[] applicationResponse(String number, String invoiceNumber, String code, String receiverScheme,
            String receiverEndpoint) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\"\n"
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + " <cbc:CustomizationID>urn:pagero.com:puf:invoice_response:1.0</cbc:CustomizationID>\n"
                + " <cbc:ID>" + number + "</cbc:ID>\n"
                + " <cbc:IssueDate>2026-11-21</cbc:IssueDate>\n"
                + " <cac:ReceiverParty><cbc:EndpointID schemeID=\"" + receiverScheme + "\">" + receiverEndpoint
                + "</cbc:EndpointID></cac:ReceiverParty>\n"
                + " <cac:DocumentResponse><cac:Response><cbc:ResponseCode>" + code + "</cbc:ResponseCode></cac:Response>"
                + "<cac:DocumentReference><cbc:ID>" + invoiceNumber + "</cbc:ID></cac:DocumentReference></cac:DocumentResponse>\n"
                + "</ApplicationResponse>\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] ciiInvoice(String number, String buyerScheme, String buyerEndpoint) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<rsm:CrossIndustryInvoice xmlns:rsm=\"urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100\"\n"
                + " xmlns:ram=\"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100\"\n"
                + " xmlns:udt=\"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100\">\n"
                + " <rsm:ExchangedDocument><ram:ID>" + number + "</ram:ID><ram:TypeCode>380</ram:TypeCode>"
                + "<ram:IssueDateTime><udt:DateTimeString format=\"102\">20261120</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>\n"
                + " <rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeAgreement>"
                + "<ram:SellerTradeParty><ram:Name>Acme GmbH</ram:Name></ram:SellerTradeParty>"
                + "<ram:BuyerTradeParty><ram:Name>Globex GmbH</ram:Name><ram:URIUniversalCommunication><ram:URIID schemeID=\""
                + buyerScheme + "\">" + buyerEndpoint + "</ram:URIID></ram:URIUniversalCommunication></ram:BuyerTradeParty>"
                + "</ram:ApplicableHeaderTradeAgreement><ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>"
                + "<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:DuePayableAmount>99.50</ram:DuePayableAmount>"
                + "</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>"
                + "</rsm:SupplyChainTradeTransaction>\n"
                + "</rsm:CrossIndustryInvoice>\n").getBytes(StandardCharsets.UTF_8);
    }
}
