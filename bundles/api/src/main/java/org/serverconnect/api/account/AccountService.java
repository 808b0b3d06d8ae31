package org.serverconnect.api.account;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.serverconnect.api.Check;
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

    /**
     * @return the names of the files in the account's error folder (without their {@code .error.txt} reasons), oldest
     *         first; empty when the account does not send
     * @throws IOException if the folder cannot be read
     */
    List<String> errorFiles() throws IOException;

    /**
     * Puts a new file into the account's outbox safely: it is written under a name no pick-up rule takes, forced to
     * disk, then renamed to {@code fileName} in one step, so the account never sees half of it.
     *
     * @param fileName the name it gets in the outbox (a plain name, no folders)
     * @param content  its content; read to the end, not closed
     * @return where it landed
     * @throws java.nio.file.FileAlreadyExistsException when the outbox already holds a file of that name
     * @throws IllegalArgumentException when the name is not a plain file name
     * @throws IllegalStateException when the account does not send
     * @throws IOException if it could not be written (the message says why)
     */
    Path submit(String fileName, InputStream content) throws IOException;

    /**
     * @return since when the account has been {@link AccountStatus.Status#OFFLINE} without a break, or {@code null}
     *         when it is not offline
     */
    Instant offlineSince();

    /**
     * Checks what the account depends on, as the runtime's user: its folders exist and are writable, the outbox and
     * the work folder share a file system, there is free disk space, its connection answers and accepts its
     * credentials (through {@link org.serverconnect.api.transport.Transport#check()}), its notifiers can deliver,
     * and the clock agrees with the network's. May take a few seconds (network calls).
     *
     * @return one finding per thing checked, problems with what to do
     */
    List<Check> doctor();
}
