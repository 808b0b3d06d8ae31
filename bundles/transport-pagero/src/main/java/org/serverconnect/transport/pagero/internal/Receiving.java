package org.serverconnect.transport.pagero.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.IncomingPage;
import org.serverconnect.api.transport.TransportException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receiving: the list of received documents ({@code direction=Received}, the account's document types,
 * {@code showFetchedOnly=false}), each target document opened as a stream, and {@code documents/fetch} once the
 * caller has stored them. What {@code showFetchedOnly=false} lists is not documented (only what is not fetched yet,
 * or everything): documents marked fetched are left out here whatever the network lists, and the page says how much
 * of the network's list it covered, so the caller pages on to the end either way.
 */
final class Receiving {
    private final ApiCalls api;

    Receiving(ApiCalls api) {
        this.api = api;
    }

    IncomingPage incoming(String companyId, List<String> documentTypes, int offset, int limit) throws TransportException {
        int l = Math.max(1, Math.min(100, limit));
        int from = Math.max(0, offset);
        StringBuilder q = new StringBuilder("/document/v1/documents?direction=Received");
        for (String type : documentTypes.isEmpty() ? List.of("Invoice") : documentTypes) {
            q.append("&documentType=").append(ApiCalls.enc(type));
        }
        q.append("&showFetchedOnly=false&companyId=").append(ApiCalls.enc(companyId)).append("&limit=").append(l)
                .append("&offset=").append(from);
        JsonNode n = api.get("incoming", q.toString());
        List<IncomingDocument> docs = new ArrayList<>();
        int listed = 0;
        for (JsonNode item : n.path("items")) {
            listed++;
            if (item.path("isFetched").asBoolean(false)) {
                continue;        // whatever showFetchedOnly means on the server, fetched documents are not new
            }
            JsonNode info = item.path("documentInfo");
            docs.add(new IncomingDocument(item.path("id").asText(), companyId, ApiCalls.text(info.path("documentType")),
                    ApiCalls.text(info.path("documentIdentifier")), ApiCalls.text(info.path("senderParty").path("name")),
                    api.instant(item.path("createTime"))));
        }
        return new IncomingPage(docs, from, listed, n.path("meta").path("total").asInt(from + listed));
    }

    InputStream open(IncomingDocument document) throws TransportException {
        for (int attempt = 1;; attempt++) {
            String token = api.tokens.accessToken();
            HttpGet get = new HttpGet(api.api("/document/v1/documents/" + ApiCalls.enc(document.id()) + "/targetdocument"));
            get.setHeader("Authorization", "Bearer " + token);
            get.setHeader("Accept", "application/xml, */*");
            ClassicHttpResponse r = api.http.open(get);
            int status = r.getCode();
            if (status == 200 && r.getEntity() != null) {
                try {
                    long max = api.settings.maxDocumentBytes();
                    return new FilterInputStream(r.getEntity().getContent()) {
                        private long read;
                        private boolean ended;

                        @Override
                        public int read() throws IOException {
                            int b = super.read();
                            count(b < 0 ? -1 : 1);
                            return b;
                        }

                        @Override
                        public int read(byte[] buffer, int off, int len) throws IOException {
                            int n = super.read(buffer, off, len);
                            count(n);
                            return n;
                        }

                        /** A document that does not end (or is larger than allowed) is refused, not written on. */
                        private void count(int n) throws IOException {
                            if (n < 0) {
                                ended = true;
                            } else if ((read += n) > max) {
                                PageroHttp.abort(get);
                                throw new IOException("document " + document.id() + " is larger than "
                                        + (max >> 20) + " MB (maxDocumentSize): refused");
                            }
                        }

                        @Override
                        public void close() throws IOException {
                            if (!ended) {
                                PageroHttp.abort(get);      // never read the rest of an answer nobody wants
                            }
                            try {
                                super.close();
                            } finally {
                                r.close();
                            }
                        }
                    };
                } catch (IOException e) {
                    closeQuietly(r);
                    throw PageroHttp.failure(get, e, true);
                }
            }
            String bodyText;
            try {
                bodyText = r.getEntity() == null ? "" : PageroHttp.bounded(get, r.getEntity());
            } catch (IOException e) {
                bodyText = "";
            } finally {
                closeQuietly(r);
            }
            if (status == 401 && attempt == 1) {
                api.tokens.rejected(token);
                continue;
            }
            throw PageroHttp.status("download " + document.id(), new PageroHttp.Answer(status, bodyText,
                    r.getFirstHeader("Retry-After"), r.getFirstHeader("Date")), true);
        }
    }

    private static void closeQuietly(ClassicHttpResponse r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // the connection is discarded
        }
    }

    void acknowledge(Collection<String> documentIds) throws TransportException {
        if (!documentIds.isEmpty()) {
            api.post("acknowledge", "/document/v1/documents/fetch", Map.of("ids", List.copyOf(documentIds)));
        }
    }
}
