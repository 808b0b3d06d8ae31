package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadBase;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;
import org.apache.commons.fileupload.util.Streams;

import com.sun.net.httpserver.HttpExchange;

/**
 * Reads a {@code multipart/form-data} upload: the {@code payload} part is streamed to a file (its SHA-256 computed on
 * the way, never held in memory), the other parts are kept as text. Too large: 413; not {@code multipart/form-data}:
 * 415; unreadable: 400.
 */
final class MultipartUpload {
    private static final long ENVELOPE = 64 * 1024;

    /**
     * What was read. {@code fields} are the text parts (the first of each name), {@code partNames} the names of all
     * parts in order, {@code fileName} the payload part's file name (null when it has none).
     */
    record Parsed(Map<String, String> fields, List<String> partNames, boolean hasPayload, String fileName,
            String sha256, long size) {
    }

    private MultipartUpload() {
    }

    /** Reads the upload, writing the payload to {@code target}. */
    static Parsed read(HttpExchange ex, Path target, long max) throws HttpError, IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && Long.parseLong(length.trim()) > max + ENVELOPE) {
            Answers.drain(ex); // read it all, so that the client, still sending, can read the answer
            throw new HttpError(413, "payload_too_large", "the request is larger than " + max + " bytes");
        }
        UploadContext ctx = context(ex, length);
        String contentType = ctx.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            Answers.drain(ex);
            throw new HttpError(415, "unsupported_media_type", "the upload must be multipart/form-data");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        String fileName = null;
        String sha256 = null;
        long size = -1;
        try {
            FileUpload parser = new FileUpload();
            parser.setFileSizeMax(max);
            parser.setSizeMax(max + ENVELOPE);
            parser.setFileCountMax(20);
            FileItemIterator it = parser.getItemIterator(ctx);
            while (it.hasNext()) {
                FileItemStream item = it.next();
                names.add(item.getFieldName());
                try (InputStream in = item.openStream()) {
                    if (item.getFieldName().equals("payload") && size < 0) {
                        MessageDigest digest = sha256();
                        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
                            size = in.transferTo(out);
                        }
                        sha256 = HexFormat.of().formatHex(digest.digest());
                        fileName = item.getName();
                    } else if (item.isFormField() && !fields.containsKey(item.getFieldName())) {
                        fields.put(item.getFieldName(), Streams.asString(in, "UTF-8"));
                    } else {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                }
            }
        } catch (FileUploadBase.FileUploadIOException e) {
            throw uploadError(e.getCause());
        } catch (FileUploadException e) {
            throw uploadError(e);
        }
        return new Parsed(fields, List.copyOf(names), size >= 0, fileName, sha256, size);
    }

    private static UploadContext context(HttpExchange ex, String length) {
        return new UploadContext() {
            @Override
            public String getCharacterEncoding() {
                return "UTF-8";
            }

            @Override
            public String getContentType() {
                return ex.getRequestHeaders().getFirst("Content-Type");
            }

            @Override
            @Deprecated
            public int getContentLength() {
                return (int) Math.min(Integer.MAX_VALUE, contentLength());
            }

            @Override
            public long contentLength() {
                return length == null ? -1 : Long.parseLong(length.trim());
            }

            @Override
            public InputStream getInputStream() {
                return ex.getRequestBody();
            }
        };
    }

    private static HttpError uploadError(Throwable e) {
        if (e instanceof FileUploadBase.SizeLimitExceededException
                || e instanceof FileUploadBase.FileSizeLimitExceededException) {
            return new HttpError(413, "payload_too_large", e.getMessage());
        }
        return new HttpError(400, "invalid_request", "the multipart body cannot be read: " + e.getMessage());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
