package org.serverconnect.directory.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** File moves that never overwrite and never leave half a file behind. Plain Java. */
final class SafeFiles {
    private static final int MAX_SUFFIX = 10_000;

    private SafeFiles() {
    }

    /**
     * {@code name}, or for {@code n > 1} the name with {@code " (n)"} before its extension:
     * {@code invoice (2).xml}.
     */
    static String variant(String name, int n) {
        if (n <= 1) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name + " (" + n + ")" : name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
    }

    /**
     * Moves {@code source} into {@code targetDir} as {@code name}, or as the first free {@link #variant} of it: an
     * existing file is never replaced. Within one file system the move is a hard link plus unlink (atomic, and it
     * fails instead of replacing); across file systems the file is copied to a hidden temporary name, synced, then
     * linked into place.
     *
     * @return where the file landed
     */
    static Path moveNoClobber(Path source, Path targetDir, String name) throws IOException {
        return moveNoClobber(source, targetDir, name, true);
    }

    /**
     * As {@link #moveNoClobber(Path, Path, String)}; with {@code sync} false the caller syncs {@code targetDir} itself
     * (once for several moves) before it relies on them.
     */
    static Path moveNoClobber(Path source, Path targetDir, String name, boolean sync) throws IOException {
        Files.createDirectories(targetDir);
        Path linkSource = source;
        Path copied = null;
        if (!sameFileStore(source, targetDir)) {
            copied = targetDir.resolve("." + name + "." + ProcessHandle.current().pid() + ".moving");
            Files.copy(source, copied, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            fsync(copied);
            linkSource = copied;
        }
        try {
            for (int n = 1; n <= MAX_SUFFIX; n++) {
                Path target = targetDir.resolve(variant(name, n));
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    link(target, linkSource);
                } catch (FileAlreadyExistsException e) {
                    continue;          // someone took the name in between: try the next one
                }
                if (copied != null) {
                    Files.delete(copied);
                    copied = null;
                }
                Files.delete(source);
                if (sync) {
                    fsyncDirectory(targetDir);
                }
                return target;
            }
            throw new IOException("no free name for " + name + " in " + targetDir + " after " + MAX_SUFFIX + " tries");
        } finally {
            if (copied != null) {
                Files.deleteIfExists(copied);
            }
        }
    }

    /**
     * Writes {@code content} into a new file (never an existing one, never through a link) and forces it to disk.
     */
    static void writeSynced(Path file, java.io.InputStream content) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.util.Set.of(
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
                java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            content.transferTo(out);
            ch.force(true);
        }
    }

    /** A hard link where the file system has them; otherwise a rename that refuses an existing target. */
    static void link(Path target, Path existing) throws IOException {
        try {
            Files.createLink(target, existing);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException f) {
                throw f;
            }
            // No hard links here (some network file systems): a rename after the existence check above.
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Path tmp = Files.createTempFile(target.getParent(), ".link", ".tmp");
            Files.delete(tmp);
            Files.copy(existing, tmp, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static boolean sameFileStore(Path a, Path b) throws IOException {
        Path pa = Files.isDirectory(a) ? a : a.getParent();
        Path pb = Files.isDirectory(b) ? b : b.getParent();
        try {
            // the device number: a stat, where asking for the file store reads the whole mount table every time
            return Files.getAttribute(pa, "unix:dev").equals(Files.getAttribute(pb, "unix:dev"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getFileStore(pa).equals(Files.getFileStore(pb));
        }
    }

    static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Makes a rename or link in {@code dir} durable (best effort where the platform cannot open directories). */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not supported on every platform; the data itself was synced before.
        }
    }
}
