package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.serverconnect.api.Names;
import org.serverconnect.api.SecretResolver;
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.ProcessingStatus;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.SendReceipt;
import org.serverconnect.api.transport.SendRequest;
import org.serverconnect.api.transport.Transport;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Pagero Online connection as a service: one per configuration {@code etc/org.serverconnect.transport.pagero-<name>.cfg},
 * published with {@code name=<name>} and {@code transport.type=pagero}. A change to the configuration replaces the
 * instance (new settings on the next call); deleting it unregisters the service.
 */
@Component(service = Transport.class, configurationPid = PageroTransport.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = PageroTransport.Config.class, factory = true)
@TransportType("pagero")
public final class PageroTransport implements Transport {
    static final String PID = "org.serverconnect.transport.pagero";
    private static final Logger LOG = LoggerFactory.getLogger(PageroTransport.class);

    @ObjectClassDefinition(name = "Server Connect Pagero Online connection",
            description = "A connection to Pagero Online's REST APIs (OAuth2, File API, Document API). Accounts use it by name.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false, description = "Unique name; accounts refer to it in 'connection'. Default: the part of the file name after '-'.")
        String name() default "";

        @AttributeDefinition(name = "API URL", description = "Base URL of the REST APIs (File API, Document API).")
        String apiUrl() default "https://api.pageroonline.com";

        @AttributeDefinition(name = "SSO URL", description = "Base URL of the OAuth2 token service.")
        String ssoUrl() default "https://sso.pageroonline.com";

        @AttributeDefinition(name = "Client id", description = "OAuth2 client id issued by Pagero.")
        String clientId();

        @AttributeDefinition(name = "Client secret", type = AttributeType.PASSWORD,
                description = "OAuth2 client secret (key .clientSecret). Or ${env:NAME} / ${file:PATH}. Never logged.")
        String _clientSecret();

        @AttributeDefinition(name = "User", description = "Pagero Online user the connection logs in as.")
        String username();

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
                description = "The user's password (key .password). Or ${env:NAME} / ${file:PATH}. Never logged.")
        String _password();

        @AttributeDefinition(name = "Companies", required = false,
                description = "Company ids this connection may send for; empty: whatever the user may.")
        String[] companies() default {};

        @AttributeDefinition(name = "Send mode", options = {
                @org.osgi.service.metatype.annotations.Option(label = "Test", value = "Test"),
                @org.osgi.service.metatype.annotations.Option(label = "Production", value = "Production"),
                @org.osgi.service.metatype.annotations.Option(label = "Certification", value = "Certification") },
                description = "Default send mode. Test unless you mean it: Production sends real invoices.")
        String sendMode() default "Test";

        @AttributeDefinition(name = "Connect timeout (s)", description = "Seconds to wait for a connection.")
        int connectTimeout() default 10;

        @AttributeDefinition(name = "Read timeout (s)", description = "Seconds to wait for an answer (Pagero's own connectors use 60).")
        int readTimeout() default 60;

        @AttributeDefinition(name = "Connections", description = "Most connections open at once to Pagero Online.")
        int maxConnections() default 8;

        @AttributeDefinition(name = "Reconcile window (no longer read)", required = false, description = "No longer "
                + "read (a warning says so): how long an upload of unknown outcome is looked for before it is sent "
                + "again is the account's reconcile.window.")
        int reconcileWindow() default 0;

        @AttributeDefinition(name = "Largest incoming document (MB)", description = "An incoming document larger "
                + "than this is refused while it downloads (the partial file is removed, nothing is acknowledged).")
        int maxDocumentSize() default 1024;

        @AttributeDefinition(name = "Largest upload (MB)", description = "A file larger than this is not uploaded: it "
                + "goes to the error folder with the reason, and 'serverconnect check' says so beforehand. Pagero Online "
                + "publishes no limit; e-invoicing networks commonly take up to 100 MB. 0: no limit.")
        int maxUploadSize() default 100;

        @AttributeDefinition(name = "Trust store", required = false, description = "PKCS#12 or JKS file of trusted certificates. Default: the JVM's.")
        String truststore() default "";

        @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false,
                description = "Key .truststorePassword; ${env:NAME} / ${file:PATH} allowed.")
        String _truststorePassword() default "";

        @AttributeDefinition(name = "Key store", required = false, description = "PKCS#12 or JKS file with a client certificate for mutual TLS.")
        String keystore() default "";

        @AttributeDefinition(name = "Key store password", type = AttributeType.PASSWORD, required = false,
                description = "Key .keystorePassword; ${env:NAME} / ${file:PATH} allowed.")
        String _keystorePassword() default "";

        @AttributeDefinition(name = "Proxy", required = false, description = "http://host:port or http://USER@host:port "
                + "(its password in .proxyPassword), or empty for none.")
        String proxy() default "";

        @AttributeDefinition(name = "Proxy password", type = AttributeType.PASSWORD, required = false,
                description = "The proxy user's password (key .proxyPassword); ${env:NAME} / ${file:PATH} allowed.")
        String _proxyPassword() default "";

        @AttributeDefinition(name = "Name hint", description = "How the web console lists this connection.")
        String webconsole_configurationFactory_nameHint() default "{name}: {username} at {apiUrl}";
    }

    private final PageroConnection connection;

    @Activate
    public PageroTransport(Config config, Map<String, Object> properties, @Reference SecretResolver secrets,
            BundleContext context) throws IOException {
        Names.requirePrivate(properties, "clientSecret", "password", "truststorePassword", "keystorePassword",
                "proxyPassword");
        PageroSettings settings = settings(config, secrets);
        NetworkHosts hosts = new NetworkHosts(context.getProperty(NetworkHosts.PROPERTY));
        hosts.require("apiUrl", settings.apiUrl());
        hosts.require("ssoUrl", settings.ssoUrl());
        this.connection = new PageroConnection(settings);
        if (config.reconcileWindow() != 0) {
            LOG.warn("Connection {}: reconcileWindow is no longer read here; how long an upload of unknown outcome is "
                    + "looked for before it is sent again is the account's reconcile.window", settings.name());
        }
        LOG.info("Connection {} ready: {}", connection.settings().name(), connection.settings());
    }

    static PageroSettings settings(Config c, SecretResolver secrets) {
        String name = Names.requireValidName("connection", c.name());
        return new PageroSettings(name, URI.create(c.apiUrl().trim()), URI.create(c.ssoUrl().trim()), c.clientId(),
                secrets.resolve(".clientSecret", c._clientSecret()), c.username(), secrets.resolve(".password", c._password()),
                Arrays.stream(c.companies()).map(String::trim).filter(s -> !s.isEmpty()).toList(), c.sendMode(),
                Duration.ofSeconds(c.connectTimeout()), Duration.ofSeconds(c.readTimeout()), c.maxConnections(),
                c.truststore().isBlank() ? null : Path.of(c.truststore()),
                secrets.resolve(".truststorePassword", c._truststorePassword()),
                c.keystore().isBlank() ? null : Path.of(c.keystore()),
                secrets.resolve(".keystorePassword", c._keystorePassword()),
                ProxySetting.of(c.proxy(), secrets.resolve(".proxyPassword", c._proxyPassword())),
                (long) c.maxDocumentSize() << 20, (long) c.maxUploadSize() << 20);
    }

    @Deactivate
    void stop() {
        boolean revoked = connection.revokeAndClose();
        LOG.info("Connection {} closed{}", connection.settings().name(), revoked ? "" : " (its refresh token left to expire)");
    }

    @Override
    public SendReceipt send(SendRequest request) throws TransportException {
        return connection.send(request);
    }

    @Override
    public SendReceipt lookup(SendRequest request) throws TransportException {
        return connection.lookup(request);
    }

    @Override
    public String uploadName(SendRequest request) {
        return connection.uploadName(request);
    }

    @Override
    public ProcessingStatus status(SendReceipt receipt) throws TransportException {
        return connection.status(receipt);
    }

    @Override
    public void act(SendReceipt receipt, Action action) throws TransportException {
        connection.act(receipt, action);
    }

    @Override
    public IncomingPage incoming(String companyId, List<String> documentTypes, int offset, int limit)
            throws TransportException {
        return connection.incoming(companyId, documentTypes, offset, limit);
    }

    @Override
    public InputStream open(IncomingDocument document) throws TransportException {
        return connection.open(document);
    }

    @Override
    public void acknowledge(Collection<String> documentIds) throws TransportException {
        connection.acknowledge(documentIds);
    }

    @Override
    public List<RecipientResponse> responses(String companyId, String documentNumber) throws TransportException {
        return connection.responses(companyId, documentNumber);
    }

    @Override
    public ConnectionCheck check() {
        return connection.check();
    }

    @Override
    public String toString() {
        return "PageroTransport[" + connection.settings() + "]";
    }
}
