package org.serverconnect.itest.benchmarks;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.serverconnect.itest.system.Emulator;

/**
 * Baseline (c): the same job as an integrator writes it with Apache Camel (camel-main, the file and http components):
 * a file consumer on the outbox that moves each file to {@code sent/} after the route succeeded, a processor that builds
 * the same multipart request, and the https producer with a trust store holding the emulator's certificate.
 */
final class CamelSender implements AutoCloseable {
    /** Camel as it comes, and as an integrator tunes it for speed (polling fast, no initial delay, four threads). */
    enum Variant {
        DEFAULTS("move=sent", 0), TUNED("move=sent&readLock=none&maxMessagesPerPoll=0&delay=10&initialDelay=0", 4),
        /** polling fast on one thread: the pick-up latency comparison */
        DELAY_10("move=sent&delay=10&initialDelay=0", 0);

        final String options;
        final int threads;

        Variant(String options, int threads) {
            this.options = options;
            this.threads = threads;
        }
    }

    private final Main main = new Main();
    final AtomicInteger failures = new AtomicInteger();

    CamelSender(Emulator emulator, String token, String company, Path outbox, Variant variant) throws Exception {
        KeyStoreParameters trust = new KeyStoreParameters();
        trust.setResource("file:" + emulator.truststore());
        trust.setPassword("changeit");
        trust.setType("PKCS12");
        TrustManagersParameters tm = new TrustManagersParameters();
        tm.setKeyStore(trust);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setTrustManagers(tm);
        main.bind("ssl", ssl);
        String target = "https://" + emulator.base.getHost() + ":" + emulator.base.getPort()
                + "/file/v1/files?sslContextParameters=#ssl";
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                onCompletion().onFailureOnly().process(e -> failures.incrementAndGet());
                RouteDefinition route = from("file:" + outbox + "?" + variant.options);
                (variant.threads > 0 ? route.threads(variant.threads, variant.threads) : route)
                        .process(e -> {
                            File f = e.getIn().getBody(File.class);
                            e.getIn().setBody(BareLoop.multipart(f.toPath(), company));
                            e.getIn().setHeader("Authorization", "Bearer " + token);
                            e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
                        })
                        .to(target);
            }
        });
        main.start();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
