package org.serverconnect.api.schedule;

import java.time.ZonedDateTime;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** When runs happen; made by {@link Scheduler#timetable}. */
@ProviderType
public interface Timetable {

    /** @return {@code true} for {@code immediate}: runs when triggered by an event (polling every minute as the fallback) */
    boolean immediate();

    /**
     * @param after a moment
     * @return the first planned run strictly after it that falls in the window, or empty when there is none
     */
    Optional<ZonedDateTime> next(ZonedDateTime after);

    /** @return whether a run may start at this moment (inside the window, or no window) */
    boolean allows(ZonedDateTime at);

    /** @return the expression as given, with its window */
    @Override
    String toString();
}
