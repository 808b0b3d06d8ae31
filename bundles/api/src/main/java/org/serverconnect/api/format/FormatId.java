package org.serverconnect.api.format;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares the family of formats a {@link FormatAdapter} or {@link Converter} handles; becomes the service property
 * {@code format.id} ({@code String}), for example {@code ubl}, {@code cii}, {@code csv}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface FormatId {
    /** The service property key this annotation sets. */
    String KEY = "format.id";

    /** @return the format family this service handles */
    String value();
}
