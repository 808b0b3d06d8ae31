package org.serverconnect.engine.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.Check;
import org.serverconnect.api.notify.Notifier;
import org.serverconnect.api.transport.ConnectionCheck;
import org.serverconnect.api.transport.Transport;

/**
 * What {@code serverconnect doctor} checks for one account, from inside the runtime (so as the service's user): its
 * folders, its file systems, its connection, its notifiers and the clock. Every problem says what to do.
 */
final class Doctor {
    /** Less free space than this on an account's file system is a problem: journals and inboxes need room. */
    static final long MIN_FREE_BYTES = 200L * 1024 * 1024;

    private final AccountSettings settings;
    private final String user = System.getProperty("user.name");

    Doctor(AccountSettings settings) {
        this.settings = settings;
    }

    List<Check> run(Transport transport, List<Notifier> notifiers) {
        List<Check> out = new ArrayList<>();
        String a = "account " + settings.name() + ": ";
        Map<String, Path> folders = new LinkedHashMap<>();
        if (settings.send()) {
            folders.put("outbox", settings.outbox().outbox());
            folders.put("work folder", settings.outbox().work());
            folders.put("sent folder", settings.outbox().sent());
            folders.put("error folder", settings.outbox().error());
            if (settings.outbox().archive() != null) {
                folders.put("archive", settings.outbox().archive());
            }
        }
        if (settings.receive()) {
            folders.put("inbox", settings.inbox().inbox());
        }
        boolean foldersOk = true;
        for (Map.Entry<String, Path> f : folders.entrySet()) {
            Check c = writable(a + f.getKey() + " " + f.getValue(), f.getValue());
            foldersOk &= c.ok();
            if (!c.ok()) {
                out.add(c);
            }
        }
        if (foldersOk && !folders.isEmpty()) {
            out.add(Check.ok(a + "folders", (folders.size() == 1 ? "its " + folders.keySet().iterator().next()
                    + " exists and " + user + " may write it" : "all " + folders.size() + " exist and " + user
                            + " may write them")));
        }
        if (settings.send() && Files.isDirectory(settings.outbox().outbox()) && Files.isDirectory(settings.outbox().work())) {
            out.add(sameFileSystem(a, settings.outbox().outbox(), settings.outbox().work()));
        }
        out.addAll(freeSpace(a, folders.values()));
        if (transport == null) {
            out.add(Check.problem(a + "connection " + settings.connection(), "not available: is there an "
                    + "etc/org.serverconnect.transport.pagero-" + settings.connection() + ".cfg, and does the status page "
                    + "or the log say why it did not start?"));
        } else {
            ConnectionCheck cc = transport.check();
            for (ConnectionCheck.Step s : cc.steps()) {
                out.add(new Check(a + "connection " + settings.connection() + ": " + s.name(), s.ok(), s.detail()));
            }
        }
        if (notifiers.size() < settings.notifierNames().size()) {
            out.add(Check.problem(a + "notifiers", "configured " + settings.notifierNames() + " but only "
                    + notifiers.size() + " available: check the notifiers' names and their etc/*.cfg files"));
        }
        for (Notifier n : notifiers) {
            try {
                out.addAll(n.check());
            } catch (RuntimeException e) {
                out.add(Check.problem(a + "notifier", "its check failed: " + e));
            }
        }
        return out;
    }

    /** Exists, is a folder, and a file can be created in it (the honest test: permissions, ACLs, read-only mounts). */
    private Check writable(String subject, Path folder) {
        if (!Files.isDirectory(folder)) {
            return Check.problem(subject, Files.exists(folder) ? "is not a folder: move that file away"
                    : "is missing: create it (mkdir -p " + folder + ") and let " + user + " write it");
        }
        Path probe = folder.resolve(".serverconnect-doctor-" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
            return Check.ok(subject, "writable");
        } catch (IOException e) {
            return Check.problem(subject, "cannot be written by " + user + " (" + e.getMessage()
                    + "): give that user write access (chown or chmod u+w), or mount it read-write");
        }
    }

    private static Check sameFileSystem(String a, Path outbox, Path work) {
        try {
            FileStore o = Files.getFileStore(outbox);
            FileStore w = Files.getFileStore(work);
            if (o.equals(w)) {
                return Check.ok(a + "work folder", "on the outbox's file system, so claiming a file is one atomic rename");
            }
            return Check.problem(a + "work folder", work + " is on " + w + ", the outbox on " + o + ": claims become "
                    + "copies and are no longer atomic; put the work folder on the outbox's file system");
        } catch (IOException e) {
            return Check.problem(a + "work folder", "cannot tell its file system: " + e.getMessage());
        }
    }

    private static List<Check> freeSpace(String a, Iterable<Path> folders) {
        Map<FileStore, Path> stores = new LinkedHashMap<>();
        for (Path p : folders) {
            try {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(p)) {
                    stores.putIfAbsent(Files.getFileStore(p), p);
                }
            } catch (IOException e) {
                // the folder check reports it
            }
        }
        List<Check> out = new ArrayList<>();
        for (Map.Entry<FileStore, Path> e : stores.entrySet()) {
            try {
                long free = e.getKey().getUsableSpace();
                String mb = (free / (1024 * 1024)) + " MB free";
                out.add(free < MIN_FREE_BYTES
                        ? Check.problem(a + "disk of " + e.getValue(), "only " + mb + ": free space (at least "
                                + MIN_FREE_BYTES / (1024 * 1024) + " MB) before documents pile up in error/")
                        : Check.ok(a + "disk of " + e.getValue(), mb));
            } catch (IOException ex) {
                out.add(Check.problem(a + "disk of " + e.getValue(), "cannot tell the free space: " + ex.getMessage()));
            }
        }
        return out;
    }
}
