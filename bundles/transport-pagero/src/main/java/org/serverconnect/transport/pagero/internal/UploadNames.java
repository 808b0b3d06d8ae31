package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hc.core5.http.ContentType;
import org.serverconnect.api.transport.SendRequest;

/**
 * What an upload is called and labelled on the wire, by Pagero's rules
 * (<a href="https://pagero.github.io/additional-functionality/filenames">file names</a>): only {@code A–Z a–z 0–9}
 * and {@code _} before {@code .xml}, unique per document ({@code uniqueId_invoiceNumber.xml} is Pagero's own
 * pattern). The name carries the send reference, so a person finds the upload in Pagero Online's screens by the
 * name an alert gives; the file's own name stays in the journal. The payload is labelled with the encoding its XML
 * declaration (or byte order mark) states, which is what is really sent.
 */
final class UploadNames {
    /** Each part of a name at most this long, so the whole stays well within any file name limit. */
    private static final int PART = 60;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9]+");
    private static final Pattern DECLARED = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    private UploadNames() {
    }

    /** @return {@code <reference>_<number or file name>.xml}, in the characters Pagero allows */
    static String of(SendRequest request) {
        String reference = safe(request.reference());
        String number = request.documentNumber() == null ? "" : safe(request.documentNumber());
        String what = number.isEmpty() ? safe(stem(request.fileName())) : number;
        String name = reference.isEmpty() ? what : what.isEmpty() ? reference : reference + "_" + what;
        return (name.isEmpty() ? "document" : name) + ".xml";
    }

    /** A text as {@code A–Z a–z 0–9 _}: accents dropped ({@code Müller} becomes {@code Muller}), the rest {@code _}. */
    static String safe(String text) {
        String plain = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        String s = UNSAFE.matcher(plain).replaceAll("_");
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '_') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '_') {
            to--;
        }
        s = s.substring(from, to);
        return s.length() > PART ? s.substring(0, PART) : s;
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /**
     * The payload's content type: {@code application/xml} with the charset the file itself declares (its byte order
     * mark, else its XML declaration, else UTF-8 as XML defines); without a charset when it names one this JVM does
     * not know.
     */
    static ContentType contentType(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1024);
        }
        String charset = declared(head);
        try {
            return Charset.isSupported(charset) ? ContentType.create("application/xml", Charset.forName(charset))
                    : ContentType.create("application/xml");
        } catch (IllegalCharsetNameException e) {
            return ContentType.create("application/xml");
        }
    }

    static String declared(byte[] head) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return "UTF-8";
        }
        if (head.length >= 2 && ((head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF
                || (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE)) {
            return "UTF-16";
        }
        Matcher m = DECLARED.matcher(new String(head, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "UTF-8";
    }
}
