package org.serverconnect.api.account;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.serverconnect.api.notify.RunKind;

/**
 * One running account, as operators see it: registered by the engine for every account configuration, with the
 * service property {@code name} (the account's name). The console, the shell and the command line use it.
 *
 * <p><b>Threads:</b> every method may be called from any thread and returns at once; runs happen on the scheduler's
 * threads.
 */
@ProviderType
public interface AccountService {

    /** @return the account's name */
    String name();

    /** @return the account's status now, with its queue sizes */
    AccountStatus status();

    /**
     * Asks for a run of one kind as soon as a thread is free, whatever the timetable says.
     *
     * @param kind the kind of run
     * @throws IllegalStateException when the account does not do that kind of run (switched off, or misconfigured)
     */
    void runNow(RunKind kind);

    /**
     * @param kind the kind of run
     * @param n    the most times to return
     * @return when the next runs of that kind are planned (empty when none are)
     */
    List<Instant> nextRuns(RunKind kind, int n);

    /**
     * Puts a file from the account's error folder back into its outbox (the operator fixed it or its cause).
     *
     * @param errorFileName the file's name in the error folder
     * @return where it landed in the outbox
     * @throws IOException if it could not be moved (the message says why)
     * @throws IllegalStateException when the account does not send
     */
    Path requeue(String errorFileName) throws IOException;
}
