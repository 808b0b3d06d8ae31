package org.serverconnect.directory.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.serverconnect.api.document.ClaimedFile;
import org.serverconnect.api.document.Disposition;
import org.serverconnect.api.document.Outbox;
import org.serverconnect.api.document.OutboxSettings;
import org.serverconnect.api.document.ReadyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's outbox on a local folder. Ready files are found by the account's {@link PickupRule}; a claim is an
 * atomic move into the work folder under a name that starts with a unique claim id
 * ({@code work/<claim id>_<original name>}), so names never collide there and the original name survives a crash;
 * a group of claims costs two directory syncs (the outbox and the work folder). Claims made by earlier versions, one
 * sub-folder per file ({@code work/<claim id>/<original name>}), are found and settled too. Settling moves the file
 * on without ever overwriting.
 *
 * <p>Options (from {@link OutboxSettings#options()}): {@code doneFile} (the marker's name for the done-file rule,
 * default {@code {name}.done}; {@code {base}} is the name without its extension), {@code temporary}
 * (globs never picked, default {@code *.tmp,*.part}), {@code recursive} ({@code false}), {@code sentAction}
 * ({@code move} or {@code delete}).
 */
public final class DirectoryOutbox implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryOutbox.class);
    private static final AtomicLong CLAIMS = new AtomicLong();
    /** Between a claim's id and the file's original name in the work folder. */
    private static final String CLAIM_SEPARATOR = "_";
    /** The longest original name (in UTF-8 bytes) claimed as one file; longer ones get a claim folder. */
    private static final int LONGEST_FLAT_NAME = 200;
    /** A claimed file's name in the work folder: its claim id, then its original name. */
    private static final java.util.regex.Pattern CLAIMED = java.util.regex.Pattern.compile("\\d{13}-\\d{6}_(.+)");

    private final OutboxSettings settings;
    private final PickupRule rule;
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;
    private final List<PathMatcher> temporary;
    private final boolean recursive;
    private final boolean deleteSent;
    private final Set<Path> ownFolders;
    private final Clock clock;
    private final OutboxLock lock;
    private volatile Thread watcher;
    private volatile WatchService watchService;

    public DirectoryOutbox(OutboxSettings settings) throws IOException {
        this(settings, Clock.systemUTC());
    }

    DirectoryOutbox(OutboxSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        Map<String, String> o = settings.options();
        this.rule = PickupRule.of(settings.pickup(), o.getOrDefault("doneFile", "{name}.done"));
        this.include = matchers(settings.include());
        this.exclude = matchers(settings.exclude());
        this.temporary = matchers(List.of(o.getOrDefault("temporary", "*.tmp,*.part").split(",")));
        this.recursive = Boolean.parseBoolean(o.getOrDefault("recursive", "false"));
        String sentAction = o.getOrDefault("sentAction", "move");
        if (!sentAction.equals("move") && !sentAction.equals("delete")) {
            throw new IllegalArgumentException("sentAction must be move or delete, was '" + sentAction + "'");
        }
        this.deleteSent = sentAction.equals("delete");

        for (Path dir : folders()) {
            if (Files.isSymbolicLink(dir)) {
                throw new IOException("folder " + dir + " of account " + settings.account()
                        + " is a symbolic link; give its real path");
            }
            Files.createDirectories(dir);
        }
        if (!SafeFiles.sameFileStore(settings.outbox(), settings.work())) {
            throw new IOException("the work folder " + settings.work() + " of account " + settings.account()
                    + " is not on the same file system as its outbox " + settings.outbox()
                    + ": claiming a file must be an atomic move; put both on one file system");
        }
        Set<Path> own = new HashSet<>();
        for (Path dir : folders()) {
            own.add(dir.toRealPath());
        }
        own.remove(settings.outbox().toRealPath());
        this.ownFolders = own;
        this.lock = OutboxLock.acquire(settings.outbox(), settings.account());
    }

    private List<Path> folders() {
        List<Path> dirs = new ArrayList<>(List.of(settings.outbox(), settings.work(), settings.sent(), settings.error()));
        if (settings.archive() != null) {
            dirs.add(settings.archive());
        }
        return dirs;
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            if (!g.isBlank()) {
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + g.trim()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------- poll

    private record Candidate(Path path, String name, long size, long mtime) {
    }

    private static final Comparator<Candidate> OLDEST_FIRST = Comparator.comparingLong(Candidate::mtime)
            .thenComparing(Candidate::name);

    @Override
    public List<ReadyFile> poll(int max) throws IOException {
        if (max <= 0) {
            return List.of();
        }
        // Only the oldest files are looked at closely, so memory grows with the batch, not with the folder.
        int window = Math.max(256, max * 4);
        PriorityQueue<Candidate> newestOnTop = new PriorityQueue<>(OLDEST_FIRST.reversed());
        Deque<Path> dirs = new ArrayDeque<>(List.of(settings.outbox()));
        while (!dirs.isEmpty()) {
            Path dir = dirs.poll();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".")) {
                        continue;
                    }
                    boolean wanted = candidate(p.getFileName());
                    if (!wanted && !recursive) {
                        continue;      // cheap name checks before the file system is asked anything
                    }
                    BasicFileAttributes a;
                    try {
                        a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    } catch (NoSuchFileException e) {
                        continue;
                    }
                    if (a.isDirectory()) {
                        if (recursive && !ownFolders.contains(p.toRealPath())) {
                            dirs.add(p);
                        }
                        continue;
                    }
                    if (!wanted || !a.isRegularFile()) {
                        continue;      // symbolic links, devices, temporary names, markers, excluded names
                    }
                    Candidate c = new Candidate(p, p.toString(), a.size(), a.lastModifiedTime().toMillis());
                    if (newestOnTop.size() >= window) {
                        if (OLDEST_FIRST.compare(c, newestOnTop.peek()) >= 0) {
                            continue;  // newer than everything kept: not in this run's window
                        }
                        newestOnTop.poll();
                    }
                    newestOnTop.add(c);
                }
            }
        }
        List<Candidate> oldestFirst = new ArrayList<>(newestOnTop);
        oldestFirst.sort(OLDEST_FIRST);
        long now = clock.millis();
        Set<Path> seen = new HashSet<>();
        List<ReadyFile> ready = new ArrayList<>();
        for (Candidate c : oldestFirst) {
            seen.add(c.path());
            if (ready.size() < max && rule.ready(c.path(), c.size(), c.mtime(), now)) {
                ready.add(new ReadyFile(c.path(), c.size(), Instant.ofEpochMilli(c.mtime())));
            }
        }
        rule.retainOnly(seen);
        return ready;
    }

    private boolean candidate(Path fileName) {
        if (rule.isMarker(fileName) || fileName.toString().equals(OutboxLock.FILE)) {
            return false;
        }
        for (PathMatcher t : temporary) {
            if (t.matches(fileName)) {
                return false;
            }
        }
        for (PathMatcher e : exclude) {
            if (e.matches(fileName)) {
                return false;
            }
        }
        if (include.isEmpty()) {
            return true;
        }
        for (PathMatcher i : include) {
            if (i.matches(fileName)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------- claim

    @Override
    public ClaimedFile claim(ReadyFile file) throws IOException {
        List<ClaimedFile> c = claim(List.of(file));
        return c.isEmpty() ? null : c.get(0);
    }

    @Override
    public List<ClaimedFile> claim(List<ReadyFile> files) throws IOException {
        List<ClaimedFile> out = new ArrayList<>();
        try {
            for (ReadyFile f : files) {
                ClaimedFile c = claimUnsynced(f);
                if (c != null) {
                    out.add(c);
                }
            }
        } finally {
            if (!out.isEmpty()) {
                syncClaims(out);
            }
        }
        return out;
    }

    private static void deleteIfEmpty(Path folder) throws IOException {
        if (folder != null) {
            Files.deleteIfExists(folder);
        }
    }

    /** Makes claims durable: the work folder they entered and the outbox they left. */
    private void syncClaims(List<ClaimedFile> claims) {
        SafeFiles.fsyncDirectory(settings.work());
        SafeFiles.fsyncDirectory(settings.outbox());
    }

    /** Moves one file into its claim folder; {@link #syncClaims} makes it durable. */
    private ClaimedFile claimUnsynced(ReadyFile file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;               // taken or removed in the meantime
        }
        if (a.size() != file.size() || a.lastModifiedTime().toMillis() != file.modified().toEpochMilli()) {
            return null;               // changed since it was found ready: look again next run
        }
        String name = file.name();
        String id = String.format("%013d-%06d", clock.millis(), CLAIMS.incrementAndGet() % 1_000_000);
        // a name too long to carry the claim id in front (file systems allow 255 bytes) gets a folder of its own
        Path folder = name.getBytes(StandardCharsets.UTF_8).length > LONGEST_FLAT_NAME
                ? Files.createDirectories(settings.work().resolve(id)) : null;
        Path target = folder != null ? folder.resolve(name) : settings.work().resolve(id + CLAIM_SEPARATOR + name);
        try {
            Files.move(file.path(), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            deleteIfEmpty(folder);
            return null;               // another claimer won
        } catch (AtomicMoveNotSupportedException e) {
            deleteIfEmpty(folder);
            throw new IOException("cannot claim " + file.path() + " atomically into " + settings.work(), e);
        }
        if (folder != null) {
            SafeFiles.fsyncDirectory(folder);
        }
        Path marker = rule.marker(file.path());
        if (marker != null) {
            Files.deleteIfExists(marker);
        }
        LOG.debug("Account {}: claimed {}", settings.account(), name);
        return new ClaimedFile(target, name, a.size(), clock.instant());
    }

    @Override
    public List<ClaimedFile> claimed() throws IOException {
        List<ClaimedFile> out = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(settings.work())) {
            entries = s.sorted().toList();
        }
        List<Path> dirs = new ArrayList<>();
        for (Path p : entries) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                dirs.add(p);
                continue;
            }
            java.util.regex.Matcher m = CLAIMED.matcher(p.getFileName().toString());
            if (m.matches() && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                out.add(new ClaimedFile(p, m.group(1), a.size(), a.lastModifiedTime().toInstant()));
            }
        }
        for (Path dir : dirs) {                 // a claim folder: a long name, or a claim of an earlier version
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
            }
            if (files.isEmpty()) {
                Files.deleteIfExists(dir);   // a claim that never happened (crash between mkdir and move)
                continue;
            }
            for (Path f : files) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(new ClaimedFile(f, f.getFileName().toString(), a.size(), a.lastModifiedTime().toInstant()));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------- settle

    @Override
    public Path settle(ClaimedFile file, Disposition disposition, String reason) throws IOException {
        Settled s = settle(List.of(new Settlement(file, disposition, reason))).get(0);
        if (s.failure() != null) {
            throw s.failure();
        }
        return s.landed();
    }

    @Override
    public List<Settled> settle(List<Settlement> settlements) {
        Set<Path> dirs = new LinkedHashSet<>();
        List<Settled> out = new ArrayList<>();
        for (Settlement s : settlements) {
            try {
                out.add(new Settled(s.file(), settle(s.file(), s.disposition(), s.reason(), dirs), null));
            } catch (IOException e) {
                out.add(new Settled(s.file(), null, e));
            }
        }
        dirs.forEach(SafeFiles::fsyncDirectory);
        return out;
    }

    /** Moves one file without syncing; adds the folders to sync to {@code dirs}. */
    private Path settle(ClaimedFile file, Disposition disposition, String reason, Set<Path> dirs) throws IOException {
        Path landed;
        switch (disposition) {
        case SENT -> {
            if (deleteSent) {
                Files.delete(file.path());
                landed = null;
            } else {
                landed = SafeFiles.moveNoClobber(file.path(), settings.sent(), file.originalName(), false);
            }
        }
        case ARCHIVE -> {
            if (settings.archive() == null) {
                throw new IllegalStateException("account " + settings.account() + " has no archive folder");
            }
            LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneId.systemDefault());
            Path dir = settings.archive().resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(),
                    day.getDayOfMonth()));
            landed = SafeFiles.moveNoClobber(file.path(), dir, file.originalName(), false);
        }
        case ERROR -> {
            landed = SafeFiles.moveNoClobber(file.path(), settings.error(), file.originalName(), false);
            writeReason(landed, reason);
        }
        default -> throw new IllegalArgumentException(String.valueOf(disposition));
        }
        dirs.add(landed == null ? file.path().getParent() : landed.getParent());
        deleteClaimDir(file);
        dirs.add(settings.work());
        LOG.debug("Account {}: {} settled as {}", settings.account(), file.originalName(), disposition);
        return landed;
    }

    private void writeReason(Path errorFile, String reason) throws IOException {
        Path reasonFile = errorFile.resolveSibling(errorFile.getFileName() + ".error.txt");
        String text = "File: " + errorFile.getFileName() + "\n"
                + "Account: " + settings.account() + "\n"
                + "Time: " + clock.instant() + "\n\n"
                + (reason == null || reason.isBlank() ? "The file was refused." : reason.strip()) + "\n\n"
                + "To send it again after fixing it (or its cause), move it back into the account's outbox ("
                + settings.outbox() + ") and delete this file, or run:\n\n    "
                + requeueCommand(System.getProperty("serverconnect.dist"), System.getProperty("serverconnect.home"),
                        settings.account(), errorFile.getFileName().toString()) + "\n";
        // The error folder may be writable by others (the accounting system's users): the text goes into a new file
        // under a name nobody can guess, created only if nothing is there (so never through a link someone left),
        // then renamed into place (a rename replaces a link, it does not follow it).
        Path tmp = reasonFile.resolveSibling(".reason-" + java.util.UUID.randomUUID() + ".tmp");
        try (java.nio.channels.SeekableByteChannel out = Files.newByteChannel(tmp, java.util.Set.<java.nio.file.OpenOption>of(
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
        try {
            Files.move(tmp, reasonFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The command that puts a file of the error folder back, as a user copies it: the launcher's full path and the
     * home (the runtime's, which the launcher passes as {@code serverconnect.dist} and {@code serverconnect.home});
     * without them (another container) just the command's name.
     */
    static String requeueCommand(String dist, String home, String account, String file) {
        String launcher = dist == null || dist.isBlank() ? "serverconnect"
                : shellWord(Path.of(dist, "bin", "serverconnect").toString());
        return launcher + (home == null || home.isBlank() ? "" : " --home " + shellWord(home)) + " requeue "
                + shellWord(account) + " " + shellWord(file);
    }

    /** A word for a POSIX shell: as it is when it is plain, else in single quotes. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_@%+=:,./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private void deleteClaimDir(ClaimedFile file) throws IOException {
        Path dir = file.path().getParent();
        if (dir != null && dir.getParent() != null && dir.getParent().equals(settings.work())) {
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // more than one file claimed into it by hand: leave it
            }
        }
    }

    @Override
    public Path release(ClaimedFile file) throws IOException {
        Path landed = SafeFiles.moveNoClobber(file.path(), settings.outbox(), file.originalName());
        deleteClaimDir(file);
        LOG.info("Account {}: {} put back into the outbox as {}", settings.account(), file.originalName(),
                landed.getFileName());
        return landed;
    }

    @Override
    public Path requeue(String errorFileName) throws IOException {
        if (!SafeNames.isPlainName(errorFileName)) {
            throw new IllegalArgumentException("not a plain file name: '" + errorFileName + "'");
        }
        Path file = settings.error().resolve(errorFileName);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(file.toString(), null, "no such file in the error folder");
        }
        Path landed = SafeFiles.moveNoClobber(file, settings.outbox(), errorFileName);
        Files.deleteIfExists(file.resolveSibling(errorFileName + ".error.txt"));
        LOG.info("Account {}: {} requeued from the error folder", settings.account(), errorFileName);
        return landed;
    }

    @Override
    public List<String> errorFiles() throws IOException {
        if (!Files.isDirectory(settings.error())) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (var list = Files.list(settings.error())) {
            list.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().startsWith(".")
                            && !p.getFileName().toString().endsWith(".error.txt"))
                    .forEach(files::add);
        }
        List<String> names = new ArrayList<>();
        files.stream().sorted(Comparator.comparing((Path p) -> p.toFile().lastModified())
                .thenComparing(Path::getFileName)).forEach(p -> names.add(p.getFileName().toString()));
        return names;
    }

    @Override
    public Path submit(String fileName, InputStream content) throws IOException {
        if (!SafeNames.isPlainName(fileName) || fileName.startsWith(".") || rule.isMarker(Path.of(fileName))) {
            throw new IllegalArgumentException("not a plain, visible file name (or one the pick-up rule reserves): '"
                    + fileName + "'");
        }
        Path target = settings.outbox().resolve(fileName);
        Path tmp = settings.outbox().resolve("." + fileName + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + ".submitting");
        try {
            SafeFiles.writeSynced(tmp, content);
            SafeFiles.link(target, tmp);
            Path marker = rule.marker(target);
            if (marker != null) {
                Files.createFile(marker);
            }
            SafeFiles.fsyncDirectory(settings.outbox());
            LOG.info("Account {}: {} submitted into the outbox", settings.account(), fileName);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------------------------------------------- events

    @Override
    public synchronized void onActivity(Runnable callback) {
        stopWatching();
        try {
            WatchService ws = settings.outbox().getFileSystem().newWatchService();
            settings.outbox().register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            Thread t = new Thread(() -> watch(ws, callback), "sc-watch-" + settings.account());
            t.setDaemon(true);
            watchService = ws;
            watcher = t;
            t.start();
        } catch (IOException e) {
            LOG.debug("Account {}: no file events for {} ({}); polling only", settings.account(), settings.outbox(),
                    e.toString());
        }
    }

    private void watch(WatchService ws, Runnable callback) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var key = ws.take();
                key.pollEvents();
                key.reset();
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("Account {}: file event handler failed: {}", settings.account(), e.toString());
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private void stopWatching() {
        WatchService ws = watchService;
        Thread t = watcher;
        watchService = null;
        watcher = null;
        if (ws != null) {
            try {
                ws.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public synchronized void close() {
        stopWatching();
        lock.close();
    }

    @Override
    public String toString() {
        return "DirectoryOutbox[" + settings.account() + ", " + settings.outbox() + ", " + settings.pickup().kind() + "]";
    }
}
