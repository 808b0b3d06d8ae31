package org.serverconnect.api.document;

import java.io.IOException;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One account's open outbox.
 *
 * <p>The life of a file: {@link #poll} lists files that are ready by the account's pick-up rule; {@link #claim}
 * takes one exclusively (an atomic move into the work folder, so no other process or account can take it and a
 * crash leaves it there to be resumed); {@link #settle} moves it to its final place. {@link #claimed} lists what is
 * still in the work folder (after a crash), and {@link #release} puts a claimed file back into the outbox.
 *
 * <p><b>Threads:</b> the engine calls an outbox from one run at a time (the account's send run), never
 * concurrently; {@link #close} may come from another thread after runs have stopped. Methods touch only the local
 * disk and may block for as long as the disk does.
 *
 * <p><b>Failures:</b> an {@link IOException} is worth retrying on the next run (disk full, folder briefly
 * unavailable); the file stays where it was. No method ever deletes a document.
 */
@ConsumerType
public interface Outbox extends AutoCloseable {

    /**
     * Lists files that are ready to send, oldest first. Never lists hidden, temporary or marker files, nor files
     * outside the outbox. Calling it is how time-based pick-up rules observe files, so it is called on every run.
     *
     * @param max the most files to return (a slice; the rest come on the next call)
     * @return ready files, at most {@code max}
     * @throws IOException if the outbox cannot be listed
     */
    List<ReadyFile> poll(int max) throws IOException;

    /**
     * Claims a ready file by moving it atomically into the work folder.
     *
     * @param file a file returned by {@link #poll}
     * @return the claimed file, or {@code null} when someone else took, changed or removed it in the meantime (not an
     *         error: the file is simply not ours)
     * @throws IOException if the move failed for another reason; the file is left in the outbox
     */
    ClaimedFile claim(ReadyFile file) throws IOException;

    /**
     * Claims several ready files at once: as {@link #claim} for each, with one disk sync for the group instead of one
     * per file (the engine sends in groups; a sync per file would cost more than the upload).
     *
     * @param files files returned by {@link #poll}
     * @return the files claimed, in order; those taken, changed or removed in the meantime are left out
     * @throws IOException if a move failed for another reason: the files claimed before it are in the work folder
     *         (and listed by {@link #claimed}), the others stay in the outbox
     */
    List<ClaimedFile> claim(List<ReadyFile> files) throws IOException;

    /**
     * Lists the files in the work folder: claimed earlier and not settled, typically after a crash.
     *
     * @return claimed files, oldest first
     * @throws IOException if the work folder cannot be listed
     */
    List<ClaimedFile> claimed() throws IOException;

    /**
     * Moves a claimed file to where {@code disposition} says. For {@link Disposition#ERROR} a reason file
     * ({@code <name>.error.txt}, what went wrong and what to do, in plain words) is written next to it. Names never collide: an existing file of the same name is
     * kept and the new one gets a unique suffix.
     *
     * @param file        a claimed file
     * @param disposition where it goes
     * @param reason      why, for {@link Disposition#ERROR} (shown to people; may be {@code null} otherwise)
     * @return where the file landed
     * @throws IOException if the move failed; the file stays claimed and is settled again later
     */
    java.nio.file.Path settle(ClaimedFile file, Disposition disposition, String reason) throws IOException;

    /** Where a claimed file is to go, for {@link #settle(List)}: as the arguments of {@link #settle}. */
    record Settlement(ClaimedFile file, Disposition disposition, String reason) {
    }

    /**
     * What became of one file of {@link #settle(List)}: where it landed ({@code null} when it was deleted), or the
     * failure that left it claimed.
     */
    record Settled(ClaimedFile file, java.nio.file.Path landed, IOException failure) {
    }

    /**
     * Settles several claimed files at once: as {@link #settle} for each, with one disk sync per folder they go to
     * instead of one per file. A failure for one file does not stop the others; once this returns, every move it
     * reports has reached the disk.
     *
     * @param settlements the files and where they go
     * @return one result per settlement, in order
     */
    List<Settled> settle(List<Settlement> settlements);

    /**
     * Puts a claimed file back into the outbox under its original name (the account is removed, or the operator
     * asked for it), so that nothing is lost.
     *
     * @param file a claimed file
     * @return where the file landed
     * @throws IOException if the move failed; the file stays claimed
     */
    java.nio.file.Path release(ClaimedFile file) throws IOException;

    /**
     * Moves a file from the error folder back into the outbox under its original name (the operator fixed it or
     * the cause), removing its reason file.
     *
     * @param errorFileName the file's name in the error folder
     * @return where the file landed in the outbox
     * @throws java.nio.file.NoSuchFileException if there is no such file in the error folder
     * @throws IOException if the move failed; the file stays in the error folder
     * @throws IllegalArgumentException if the name is not a plain file name
     */
    java.nio.file.Path requeue(String errorFileName) throws IOException;

    /**
     * @return the names of the files in the error folder (not their reason files), oldest first
     * @throws IOException if the folder cannot be read
     */
    List<String> errorFiles() throws IOException;

    /**
     * Puts a new file into the outbox so that no pick-up rule ever sees part of it: it is written under a hidden
     * name, forced to disk and then linked to {@code fileName} in one step (with the rule's marker file after it,
     * when the rule uses markers).
     *
     * @param fileName the file's name in the outbox: a plain name, not hidden
     * @param content  its content; read to the end, not closed
     * @return where it landed
     * @throws java.nio.file.FileAlreadyExistsException if the outbox already has a file of that name
     * @throws IllegalArgumentException if the name is not a plain, visible file name
     * @throws IOException if it could not be written; nothing is left behind
     */
    java.nio.file.Path submit(String fileName, java.io.InputStream content) throws IOException;

    /**
     * Asks to be told when something changes in the outbox, so that an account in immediate mode can run at once.
     * The callback comes from a watcher thread, may come more than once per change and may not come at all (network
     * file systems lose events): polling stays the rule, events only make it earlier. It must return quickly.
     *
     * @param callback what to call; replaces an earlier one
     */
    void onActivity(Runnable callback);

    /** Stops watching the outbox and releases its resources (and the outbox lock). Files stay where they are. */
    @Override
    void close();
}
