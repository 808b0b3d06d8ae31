package org.serverconnect.config.xml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The keys each kind of configuration has, read from the shipped XSD ({@code serverconnect.xsd}), which is the one
 * place they are listed for people and editors: name, whether it is a secret (written under a dotted key in
 * Configuration Admin) or may have several values, and its description. A test keeps the XSD equal to the
 * components' own metatype.
 */
final class Catalog {
    static final String XSD = "serverconnect.xsd";
    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;
    private static final String SC = "urn:serverconnect:schema-info";

    /**
     * @param name     the key as written in the XML file and on the command line ({@code password})
     * @param secret   kept under the private key {@code .name} and never shown
     * @param multiple may be given several times
     * @param type     the XSD type's name
     * @param doc      what it means
     */
    record Key(String name, boolean secret, boolean multiple, String type, String doc) {
        /** @return the key in Configuration Admin and {@code .cfg} files */
        String stored() {
            return secret ? "." + name : name;
        }
    }

    private static final Catalog INSTANCE = load();
    private final Map<Kind, Map<String, Key>> keys;

    private Catalog(Map<Kind, Map<String, Key>> keys) {
        this.keys = keys;
    }

    static Catalog get() {
        return INSTANCE;
    }

    /** @return the keys of a kind, in the XSD's order (none for {@link Kind#OTHER}) */
    Map<String, Key> keys(Kind kind) {
        return keys.getOrDefault(kind, Map.of());
    }

    /** @return the key a stored ({@code .password}) or written ({@code password}) key is, or {@code null} */
    Key key(Kind kind, String key) {
        return keys(kind).get(key.startsWith(".") ? key.substring(1) : key);
    }

    static InputStream xsd() {
        InputStream in = Catalog.class.getResourceAsStream("/org/serverconnect/config/xml/" + XSD);
        if (in == null) {
            throw new IllegalStateException(XSD + " is missing from the bundle");
        }
        return in;
    }

    private static Catalog load() {
        try (InputStream in = xsd()) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element schema = f.newDocumentBuilder().parse(in).getDocumentElement();
            Map<Kind, Map<String, Key>> keys = new EnumMap<>(Kind.class);
            NodeList types = schema.getElementsByTagNameNS(XS, "complexType");
            for (int i = 0; i < types.getLength(); i++) {
                Element type = (Element) types.item(i);
                Kind kind = kindOf(type.getAttribute("name"));
                if (kind == null || kind == Kind.OTHER) {
                    continue;
                }
                Map<String, Key> ofKind = new LinkedHashMap<>();
                NodeList elements = type.getElementsByTagNameNS(XS, "element");
                for (int j = 0; j < elements.getLength(); j++) {
                    Element e = (Element) elements.item(j);
                    String name = e.getAttribute("name");
                    NodeList docs = e.getElementsByTagNameNS(XS, "documentation");
                    ofKind.put(name, new Key(name, "true".equals(e.getAttributeNS(SC, "secret")),
                            "true".equals(e.getAttributeNS(SC, "multiple")), e.getAttribute("type"),
                            docs.getLength() == 0 ? "" : docs.item(0).getTextContent().trim()));
                }
                keys.put(kind, Collections.unmodifiableMap(ofKind));
            }
            return new Catalog(keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + XSD + ": " + e.getMessage(), e);
        }
    }

    private static Kind kindOf(String complexType) {
        for (Kind k : Kind.values()) {
            if (k.element.equals(complexType)) {
                return k;
            }
        }
        return null;
    }
}
