package org.serverconnect.api.notify;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares how a {@link Notifier} delivers; becomes the service property {@code notifier.type} ({@code String}),
 * for example {@code mail} or {@code log}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface NotifierType {
    /** The service property key this annotation sets. */
    String KEY = "notifier.type";

    /** @return how the notifier delivers */
    String value();
}
