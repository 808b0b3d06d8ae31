package org.serverconnect.transport.pagero.internal;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.serverconnect.pagero.emulator.internal.EmulatorConfig;
import org.serverconnect.pagero.emulator.internal.PageroEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A Pagero Online emulator over HTTPS for the transport's tests, with its control API. */
final class EmulatorFixture implements AutoCloseable {
    static final String ACME = "a0000000-0000-4000-8000-000000000001";
    static final String GLOBEX = "b0000000-0000-4000-8000-000000000002";
    static final ObjectMapper JSON = new ObjectMapper();

    final PageroEmulator emulator;
    final Path data;
    private final HttpClient control;

    EmulatorFixture(Path data, long maxUploadBytes) throws Exception {
        this(data, maxUploadBytes, null);
    }

    /** @param clientTrust trust store of client certificates the emulator demands (mutual TLS), or null */
    EmulatorFixture(Path data, long maxUploadBytes, Path clientTrust) throws Exception {
        this.data = data;
        EmulatorConfig config = new EmulatorConfig(List.of(new EmulatorConfig.Client("c1", "s1")),
                List.of(new EmulatorConfig.Company(ACME, "Acme", List.of("0007:5567321707")),
                        new EmulatorConfig.Company(GLOBEX, "Globex", List.of("0007:5560000001"))),
                List.of(new EmulatorConfig.User("acme", "pw-a", List.of(ACME)),
                        new EmulatorConfig.User("globex", "pw-g", List.of(GLOBEX))),
                600, 50, maxUploadBytes, null, null);
        this.emulator = PageroEmulator.start(config, data, "127.0.0.1", 0, true, clientTrust);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore())) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        this.control = HttpClient.newBuilder().sslContext(ssl).build();
    }

    Path truststore() {
        return data.resolve("emulator-truststore.p12");
    }

    URI url() {
        return emulator.baseUrl();
    }

    PageroSettings settings(String user, String password, Duration readTimeout) {
        return new PageroSettings("test", url(), url(), "c1", "s1", user, password, List.of(), "Test",
                Duration.ofSeconds(5), readTimeout, 16, truststore(), "changeit", null, null, null);
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = control.send(HttpRequest.newBuilder(url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    int send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        return control.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Presents a refresh token to the token service as client c1 would: @return the HTTP status */
    int refresh(String refreshToken) throws Exception {
        String auth = java.util.Base64.getEncoder().encodeToString("c1:s1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return control.send(HttpRequest.newBuilder(url().resolve("/oauth/v2/oauth-token"))
                .header("Authorization", "Basic " + auth).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                        + java.net.URLEncoder.encode(refreshToken, java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    int incoming(String companyId, String document) throws Exception {
        return control.send(HttpRequest.newBuilder(url().resolve("/emulator/companies/" + companyId + "/incoming"))
                .POST(HttpRequest.BodyPublishers.ofString(document)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static String invoice(String number, String buyerEndpoint) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"\n"
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n"
                + " <cbc:ID>" + number + "</cbc:ID><cbc:IssueDate>2026-11-20</cbc:IssueDate>\n"
                + " <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID=\"0007\">5567321707</cbc:EndpointID>"
                + "<cac:PartyName><cbc:Name>Acme AB</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>\n"
                + " <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID=\"0007\">" + buyerEndpoint
                + "</cbc:EndpointID><cac:PartyName><cbc:Name>Globex AB</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>\n"
                + "</Invoice>\n";
    }

    static Path write(Path dir, String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        emulator.close();
    }
}
