package org.serverconnect.api.schedule;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** One account's planned runs of one kind. */
@ProviderType
public interface Job extends AutoCloseable {

    /** Runs as soon as a thread is free, whatever the timetable and window say (an operator asked for it). */
    void runNow();

    /** Something happened (a file arrived): runs soon if the timetable is {@code immediate} and the window allows. */
    void trigger();

    /** @return the next planned run times, at most {@code n} */
    List<Instant> nextRuns(int n);

    /** @return whether a run is executing now */
    boolean running();

    /** Cancels the job; a run in progress finishes. */
    @Override
    void close();
}
