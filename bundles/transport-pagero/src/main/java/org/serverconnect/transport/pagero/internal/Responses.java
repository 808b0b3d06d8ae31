package org.serverconnect.transport.pagero.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.serverconnect.api.transport.IncomingDocument;
import org.serverconnect.api.transport.Progress;
import org.serverconnect.api.transport.RecipientResponse;
import org.serverconnect.api.transport.TransportException;
import org.serverconnect.api.transport.TransportException.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recipient's responses to one sent invoice, as Pagero's own connectors ask for them: the received
 * {@code ApplicationResponse} documents filtered by {@code referenceDocumentIdentifier=<invoice number>}, not yet
 * fetched. Each is downloaded and read (a UBL {@code ApplicationResponse}, as Pagero's PUF invoice response is): its
 * {@code cbc:ResponseCode} says what the recipient decided, its status reason or description why. The caller
 * acknowledges (fetches) each once it is recorded, so it is read once.
 */
final class Responses {
    private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
    private static final int PAGE = 100;
    private static final int MAX_REASON = 1000;
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private final ApiCalls api;
    private final Receiving receiving;

    Responses(ApiCalls api, Receiving receiving) {
        this.api = api;
        this.receiving = receiving;
    }

    List<RecipientResponse> responses(String companyId, String documentNumber) throws TransportException {
        String query = "/document/v1/documents?documentType=ApplicationResponse&direction=Received&showFetchedOnly=false"
                + "&referenceDocumentIdentifier=" + ApiCalls.enc(documentNumber) + "&companyId=" + ApiCalls.enc(companyId)
                + "&limit=" + PAGE + "&offset=";
        List<RecipientResponse> out = new ArrayList<>();
        for (int offset = 0;;) {
            JsonNode n = api.get("responses", query + offset);
            JsonNode items = n.path("items");
            for (JsonNode item : items) {
                if (!item.path("isFetched").asBoolean(false)) {
                    RecipientResponse r = read(item, companyId, documentNumber);
                    if (r != null) {
                        out.add(r);
                    }
                }
            }
            offset += items.size();
            if (items.isEmpty() || offset >= n.path("meta").path("total").asInt(offset)) {
                break;
            }
        }
        out.sort(java.util.Comparator.comparing(RecipientResponse::receivedAt));
        return out;
    }

    /** @return the response, or {@code null} when it is about another document or says nothing that can be read */
    private RecipientResponse read(JsonNode item, String companyId, String documentNumber) throws TransportException {
        String id = item.path("id").asText();
        JsonNode info = item.path("documentInfo");
        Content c;
        try (InputStream in = receiving.open(new IncomingDocument(id, companyId, "ApplicationResponse",
                ApiCalls.text(info.path("documentIdentifier")), null, api.instant(item.path("createTime"))))) {
            c = Content.read(in);
        } catch (IOException e) {
            throw new TransportException(Outcome.RETRY, 0, null, "response " + id + " could not be read: " + e.getMessage(), e);
        }
        if (c.references != null && !c.references.strip().equalsIgnoreCase(documentNumber.strip())) {
            LOG.warn("Response {} was listed for invoice {} but is about {}: left alone", id, documentNumber, c.references);
            return null;
        }
        Progress.Step step = PageroEvents.code(c.code);
        if (step == null) {
            step = PageroEvents.subType(ApiCalls.text(info.path("documentSubType")));
        }
        if (step == null) {
            LOG.warn("Response {} to invoice {} says neither a known response code ({}) nor a known sub-type: left alone",
                    id, documentNumber, c.code);
            return null;
        }
        return new RecipientResponse(id, documentNumber, step, c.reason(), api.instant(item.path("createTime")));
    }

    /** What a UBL {@code ApplicationResponse} says about the document it answers. */
    static final class Content {
        String code;
        String statusReason;
        String description;
        String references;

        String reason() {
            String r = statusReason != null ? statusReason : description;
            return r == null ? null : r.length() > MAX_REASON ? r.substring(0, MAX_REASON) + "..." : r;
        }

        static Content read(InputStream in) throws IOException {
            Content c = new Content();
            try {
                XMLStreamReader r = XML.createXMLStreamReader(in);
                Deque<String> path = new ArrayDeque<>();
                while (r.hasNext()) {
                    int e = r.next();
                    if (e == XMLStreamConstants.START_ELEMENT) {
                        path.push(r.getLocalName());
                        c.element(path, r);
                    } else if (e == XMLStreamConstants.END_ELEMENT) {
                        path.pop();
                    }
                }
            } catch (XMLStreamException e) {
                throw new IOException("not well-formed XML: " + e.getMessage(), e);
            }
            return c;
        }

        /** Reads the first {@code DocumentResponse}'s code, reasons and reference. */
        private void element(Deque<String> path, XMLStreamReader r) throws XMLStreamException {
            if (!path.contains("DocumentResponse")) {
                return;
            }
            String name = path.peek();
            String parent = path.size() > 1 ? path.toArray(new String[0])[1] : "";
            if (name.equals("ResponseCode") && parent.equals("Response") && code == null) {
                code = text(r, path);
            } else if (name.equals("StatusReason") && statusReason == null) {
                statusReason = text(r, path);
            } else if (name.equals("Description") && parent.equals("Response") && description == null) {
                description = text(r, path);
            } else if (name.equals("ID") && parent.equals("DocumentReference") && references == null) {
                references = text(r, path);
            }
        }

        private static String text(XMLStreamReader r, Deque<String> path) throws XMLStreamException {
            String t = r.getElementText().strip();
            path.pop();          // getElementText consumed the end of the element
            return t.isEmpty() ? null : t;
        }
    }
}
