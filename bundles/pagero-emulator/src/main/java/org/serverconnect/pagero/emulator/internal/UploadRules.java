package org.serverconnect.pagero.emulator.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an upload to {@code POST /file/v1/files} must look like, by itself: exactly Pagero's parts, each once; a
 * {@code payload} file part with a file name that follows Pagero's rule; {@code documentType}, {@code sendMode} and
 * {@code sendingCompanyId}, with a type and a send mode Pagero takes. Every break is a 400 that names the rule.
 */
final class UploadRules {
    static final List<String> PARTS = List.of("payload", "documentType", "sendMode", "sendingCompanyId",
            "senderReference");
    static final List<String> DOCUMENT_TYPES = List.of("Invoice", "PaymentReminder", "ApplicationResponse");
    static final List<String> SEND_MODES = List.of("Production", "Test", "Certification");

    private UploadRules() {
    }

    static void check(MultipartUpload.Parsed upload) throws HttpError {
        Set<String> seen = new HashSet<>();
        for (String name : upload.partNames()) {
            if (!PARTS.contains(name)) {
                throw invalid("the multipart part '" + name + "' is not one the File API takes; its parts are " + PARTS);
            }
            if (!seen.add(name)) {
                throw invalid("the multipart part '" + name + "' is there more than once");
            }
        }
        if (!upload.hasPayload()) {
            throw invalid("the multipart part 'payload' is missing");
        }
        if (upload.fileName() == null || upload.fileName().isEmpty()) {
            throw invalid("the multipart part 'payload' has no file name: it needs"
                    + " Content-Disposition: form-data; name=\"payload\"; filename=\"...\"");
        }
        String nameProblem = FileNameRule.problem(upload.fileName());
        if (nameProblem != null) {
            throw invalid(nameProblem);
        }
        Map<String, String> fields = upload.fields();
        for (String required : List.of("documentType", "sendMode", "sendingCompanyId")) {
            if (fields.get(required) == null || fields.get(required).isBlank()) {
                throw invalid("the multipart part '" + required + "' is missing");
            }
        }
        if (!DOCUMENT_TYPES.contains(fields.get("documentType"))) {
            throw invalid("documentType must be Invoice, PaymentReminder or ApplicationResponse (credit notes are sent"
                    + " as Invoice), was '" + fields.get("documentType") + "'");
        }
        if (!SEND_MODES.contains(fields.get("sendMode"))) {
            throw invalid("sendMode must be Production, Test or Certification, was '" + fields.get("sendMode") + "'");
        }
    }

    private static HttpError invalid(String message) {
        return new HttpError(400, "invalid_request", message);
    }
}
