package org.serverconnect.config.xml.internal;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.ctc.wstx.stax.WstxOutputFactory;

/**
 * Writes items as an installation file (Woodstox, so every value is escaped as XML needs): {@code config export}
 * prints the home's whole configuration this way, secrets masked, and the command line checks the values it is
 * given by writing them so and reading them back against the XSD.
 */
final class XmlWriter {
    static final String MASK = "******";
    private static final WstxOutputFactory OUT = new WstxOutputFactory();

    private XmlWriter() {
    }

    /**
     * @param items the items, any order (sections come out in the XSD's order)
     * @param mask  replace every secret's value by {@value #MASK}
     * @return the document, one key per line: the line of each value is predictable ({@link #lines})
     */
    static String write(List<Item> items, boolean mask) {
        StringWriter s = new StringWriter();
        try {
            XMLStreamWriter w = OUT.createXMLStreamWriter(s);
            w.writeStartDocument("UTF-8", "1.0");
            nl(w, 0);
            w.writeStartElement("serverconnect");
            w.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            w.writeAttribute("xsi", "http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation", Catalog.XSD);
            for (String section : List.of("connections", "notifiers", "accounts", "configurations")) {
                List<Item> in = items.stream().filter(i -> i.kind().section.equals(section)).toList();
                if (in.isEmpty()) {
                    continue;
                }
                nl(w, 1);
                w.writeStartElement(section);
                for (Item item : in) {
                    nl(w, 2);
                    if (!item.origin().isEmpty()) {
                        w.writeComment(" " + item.origin() + " ");
                        nl(w, 2);
                    }
                    w.writeStartElement(item.kind().element);
                    if (item.kind() == Kind.OTHER) {
                        w.writeAttribute("factoryPid", item.factoryPid());
                    }
                    w.writeAttribute("name", item.name());
                    for (Map.Entry<String, List<String>> e : item.values().entrySet()) {
                        for (String value : e.getValue()) {
                            nl(w, 3);
                            key(w, item, e.getKey(), value, mask);
                        }
                    }
                    nl(w, 2);
                    w.writeEndElement();
                }
                nl(w, 1);
                w.writeEndElement();
            }
            nl(w, 0);
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    /** A password written into a URL ({@code http://user:pass@host}) is a secret too, wherever it stands. */
    private static final java.util.regex.Pattern URL_PASSWORD =
            java.util.regex.Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");

    static String withoutUrlPassword(String value) {
        return URL_PASSWORD.matcher(value).replaceAll("$1:" + MASK + "@");
    }

    private static void key(XMLStreamWriter w, Item item, String key, String value, boolean mask) throws XMLStreamException {
        boolean secret = key.startsWith(".");
        String shown = secret && mask && !value.isEmpty() ? MASK : mask ? withoutUrlPassword(value) : value;
        if (item.kind() == Kind.OTHER) {
            w.writeStartElement("property");
            w.writeAttribute("key", key);
            w.writeCharacters(shown);
            w.writeEndElement();
            return;
        }
        Catalog.Key k = Catalog.get().key(item.kind(), key);
        if (k == null || k.secret() != secret) {
            w.writeComment(" " + key + " is not a setting of a " + item.kind().element + "; left out ");
            return;
        }
        w.writeStartElement(k.name());
        w.writeCharacters(shown);
        w.writeEndElement();
    }

    private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }
}
