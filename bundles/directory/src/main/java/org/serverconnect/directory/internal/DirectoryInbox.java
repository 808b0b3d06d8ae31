package org.serverconnect.directory.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

import org.serverconnect.api.document.Inbox;
import org.serverconnect.api.document.InboxSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's inbox on a local folder. Every document is written to a hidden temporary file inside the inbox,
 * synced to disk, given its permissions, then linked to its final name (which fails rather than replacing a file)
 * and the temporary name removed: the accounting system sees a whole file or none. The final name comes from
 * {@link SafeNames}, and the resolved path is checked to be directly inside the inbox.
 *
 * <p>Options: {@code fileMode} (default {@code rw-r-----}), {@code doneFile} ({@code true} writes an empty
 * {@code <name>.done} after each document, for accounting systems that wait for one).
 */
public final class DirectoryInbox implements Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryInbox.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InboxSettings settings;
    private final Path inbox;
    private final Set<PosixFilePermission> mode;
    private final boolean doneFile;

    public DirectoryInbox(InboxSettings settings) throws IOException {
        this.settings = settings;
        String m = settings.options().getOrDefault("fileMode", "rw-r-----");
        try {
            this.mode = PosixFilePermissions.fromString(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fileMode must look like rw-r-----, was '" + m + "'", e);
        }
        this.doneFile = Boolean.parseBoolean(settings.options().getOrDefault("doneFile", "false"));
        if (Files.isSymbolicLink(settings.inbox())) {
            throw new IOException("the inbox " + settings.inbox() + " of account " + settings.account()
                    + " is a symbolic link; give its real path");
        }
        Files.createDirectories(settings.inbox());
        this.inbox = settings.inbox().toRealPath();
    }

    @Override
    public Path store(String suggestedName, InputStream content) throws IOException {
        String name = SafeNames.sanitize(suggestedName);
        Path tmp = inside(inbox.resolve("." + name + "." + HexFormat.of().formatHex(randomBytes()) + ".tmp"));
        try {
            SafeFiles.writeSynced(tmp, content);
            setMode(tmp);
            Path landed = null;
            for (int n = 1; landed == null; n++) {
                Path target = inside(inbox.resolve(SafeFiles.variant(name, n)));
                try {
                    Files.createLink(target, tmp);
                    landed = target;
                } catch (FileAlreadyExistsException e) {
                    if (n > 10_000) {
                        throw new IOException("no free name for " + name + " in " + inbox, e);
                    }
                }
            }
            Files.delete(tmp);
            if (doneFile) {
                Files.createFile(inside(landed.resolveSibling(landed.getFileName() + ".done")));
            }
            SafeFiles.fsyncDirectory(inbox);
            LOG.debug("Account {}: stored {}", settings.account(), landed.getFileName());
            return landed;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The path, checked to be directly inside the inbox (nothing from the network may leave it). */
    private Path inside(Path p) throws IOException {
        Path normal = p.normalize();
        if (!inbox.equals(normal.getParent())) {
            throw new IOException("refused to write " + p + ": outside the inbox " + inbox);
        }
        if (Files.isSymbolicLink(normal)) {
            throw new IOException("refused to write through the symbolic link " + normal);
        }
        return normal;
    }

    private void setMode(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's defaults apply
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        // nothing held open
    }

    @Override
    public String toString() {
        return "DirectoryInbox[" + settings.account() + ", " + inbox + "]";
    }
}
