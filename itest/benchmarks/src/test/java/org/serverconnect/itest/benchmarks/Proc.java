package org.serverconnect.itest.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux says about a process: CPU time and resident memory, from {@code /proc}. */
final class Proc {
    private Proc() {
    }

    /** User plus system CPU time in milliseconds (clock ticks of 10 ms). */
    static long cpuMillis(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
    }

    /** Resident set size in MiB ({@code VmRSS}). */
    static double rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** The peak resident set size in MiB ({@code VmHWM}). */
    static double peakRssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }

    static long self() {
        return ProcessHandle.current().pid();
    }
}
