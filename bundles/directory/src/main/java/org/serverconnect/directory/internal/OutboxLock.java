package org.serverconnect.directory.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One holder per outbox: an OS file lock on {@code <outbox>/.serverconnect.lock}, which records who holds it (pid,
 * host, account, since). Two runtimes, or two accounts of one runtime, pointed at the same outbox never both take
 * files; the second is told who holds it. The lock goes away with its process, so a crash never leaves it stuck.
 */
final class OutboxLock implements AutoCloseable {
    static final String FILE = ".serverconnect.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutboxLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static OutboxLock acquire(Path outbox, String account) throws IOException {
        Path file = outbox.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;               // held by another account of this same runtime
        }
        if (lock == null) {
            String holder;
            try {
                holder = Files.readString(file, StandardCharsets.UTF_8).trim().replace('\n', ' ');
            } catch (IOException e) {
                holder = "unknown";
            }
            ch.close();
            throw new IOException("outbox " + outbox + " is in use by another Server Connect (" + holder
                    + "); two runtimes or accounts must not share an outbox");
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String holder = "pid " + ProcessHandle.current().pid() + " on " + host + ", account " + account + ", since "
                + Instant.now() + "\n";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new OutboxLock(ch, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        }
    }
}
