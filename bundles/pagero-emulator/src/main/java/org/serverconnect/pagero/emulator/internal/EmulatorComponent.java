package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an emulator inside the runtime (for the demo): one per configuration
 * {@code etc/org.serverconnect.pagero.emulator-<name>.cfg}. A change restarts it; its state stays in its data folder.
 */
@Component(service = {}, configurationPid = "org.serverconnect.pagero.emulator",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = EmulatorComponent.Config.class, factory = true)
public final class EmulatorComponent {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorComponent.class);

    @ObjectClassDefinition(name = "Server Connect Pagero Online emulator",
            description = "A local stand-in for Pagero Online (OAuth2, File API, Document API) for demos and tests. "
                    + "Never use it for real invoices.")
    public @interface Config {
        @AttributeDefinition(name = "Name", required = false, description = "Name of this emulator. Default: the file name's suffix.")
        String name() default "";

        @AttributeDefinition(name = "Data folder", required = false,
                description = "Where its state, payloads and certificate live. Relative paths are under the home's data/. "
                        + "Default: data/emulator-<name>.")
        String data() default "";

        @AttributeDefinition(name = "Port", description = "TCP port on 127.0.0.1; 0 picks a free one (see the log).")
        int port() default 0;

        @AttributeDefinition(name = "HTTPS", description = "Serve HTTPS with the emulator's own certificate (exported "
                + "to emulator-truststore.p12 in the data folder). Off means plain HTTP.")
        boolean https() default true;

        @AttributeDefinition(name = "Configuration file", required = false,
                description = "JSON file with clients, companies and users. Default: the demo's Acme and Globex.")
        String config() default "";

        @AttributeDefinition(name = "Name hint", description = "How the web console lists this emulator.")
        String webconsole_configurationFactory_nameHint() default "{name} on port {port}";
    }

    private final PageroEmulator emulator;

    @Activate
    public EmulatorComponent(Config config, BundleContext context) throws IOException {
        String name = config.name().isBlank() ? "emulator" : config.name();
        String home = context.getProperty("serverconnect.home");
        Path base = home == null ? Path.of("data") : Path.of(home, "data");
        Path data = config.data().isBlank() ? base.resolve("emulator-" + name) : base.resolve(config.data());
        EmulatorConfig ec = config.config().isBlank() ? EmulatorConfig.demo() : EmulatorConfig.read(Path.of(config.config()));
        this.emulator = PageroEmulator.start(ec, data, "127.0.0.1", config.port(), config.https());
        LOG.info("Pagero Online emulator {} listening on {} (data {})", name, emulator.baseUrl(), data);
    }

    @Deactivate
    void stop() {
        emulator.close();
        LOG.info("Pagero Online emulator on {} stopped", emulator.baseUrl());
    }
}
