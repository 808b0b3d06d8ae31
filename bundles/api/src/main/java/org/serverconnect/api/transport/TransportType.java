package org.serverconnect.api.transport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares the kind of network a {@link Transport} component talks to; becomes the service property
 * {@code transport.type} ({@code String}).
 *
 * <pre>{@code @TransportType("pagero") @Component(service = Transport.class, ...)}</pre>
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface TransportType {
    /** The service property key this annotation sets. */
    String KEY = "transport.type";

    /** @return the network kind, for example {@code pagero} */
    String value();
}
