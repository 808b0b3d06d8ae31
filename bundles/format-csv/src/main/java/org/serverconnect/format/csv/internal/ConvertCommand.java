package org.serverconnect.format.csv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import org.serverconnect.api.format.FormatException;

/**
 * {@code serverconnect convert FILE.csv [-o OUT.xml] [--separator ;|,|tab|auto] [--decimal .|,]}: converts a CSV
 * invoice into Peppol BIS 3 UBL without a runtime. Without {@code -o} the UBL goes next to the CSV file, as
 * {@code FILE.xml}. Exit 0 when converted, 1 when the file is refused (the reasons on stderr, with line and column);
 * the launcher checks the command line first and gives 2 for a wrong one. Like {@code check}, it reports a failure by
 * failing {@code main} (its message on stderr), not by {@code System.exit}.
 */
public final class ConvertCommand {
    private ConvertCommand() {
    }

    public static void main(String[] args) throws IOException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> System.err.println("serverconnect convert: " + e.getMessage()));
        Path in = null;
        Path out = null;
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-o") || a.equals("--separator") || a.equals("--decimal")) && i + 1 < args.length) {
                String v = args[++i];
                switch (a) {
                case "-o" -> out = Path.of(v);
                case "--separator" -> options.put("separator", v);
                default -> options.put("decimal", v);
                }
            } else if (!a.startsWith("-") && in == null) {
                in = Path.of(a);
            } else {
                usage("unknown or incomplete argument " + a);
            }
        }
        if (in == null) {
            usage("name the CSV file");
        }
        if (out == null) {
            String n = in.getFileName().toString();
            out = in.resolveSibling((n.toLowerCase().endsWith(".csv") ? n.substring(0, n.length() - 4) : n) + ".xml");
        }
        options.put("fileName", in.getFileName().toString());
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        try (InputStream is = Files.newInputStream(in); OutputStream os = Files.newOutputStream(tmp)) {
            new CsvConverter().convert(is, os, options);
        } catch (FormatException e) {
            Files.deleteIfExists(tmp);
            throw new Refused(e.getMessage());
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(in + " -> " + out);
    }

    private static void usage(String problem) {
        throw new IllegalArgumentException(problem
                + "\nusage: serverconnect convert FILE.csv [-o OUT.xml] [--separator ;|,|tab|auto] [--decimal .|,]");
    }

    /** The file was refused; the message says why. Failing {@code main} with it gives exit status 1. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
