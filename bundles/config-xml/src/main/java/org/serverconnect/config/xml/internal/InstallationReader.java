package org.serverconnect.config.xml.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;

/**
 * Reads an installation file ({@code etc/serverconnect.xml}) in two passes: the whole file is checked against the
 * shipped XSD (structure, known keys, value types; every problem with its line), and only when that passes is it
 * read, with Jackson XML over a hardened Woodstox parser, into {@link Item}s. No DTD, no entity, no XInclude is
 * ever processed; depth, attributes and text are bounded.
 */
final class InstallationReader {
    private static final Schema SCHEMA = schema();
    private static final XmlFactory XML = xmlFactory();

    /**
     * @param items    what the file configures, in file order (empty when there are problems)
     * @param problems what is wrong with it; nothing may be applied unless empty
     */
    record Reading(List<Item> items, List<Problem> problems) {
    }

    private InstallationReader() {
    }

    /**
     * @param content the file's bytes
     * @param origin  the file as people see it, for messages ({@code etc/serverconnect.xml})
     */
    static Reading read(byte[] content, String origin) {
        List<Problem> problems = validate(content, origin);
        if (!problems.isEmpty()) {
            return new Reading(List.of(), problems);
        }
        try {
            return new Reading(parse(content, origin), List.of());
        } catch (IOException | RuntimeException e) {
            // the schema passed, so this is a limit (depth, size) or an I/O failure
            return new Reading(List.of(), List.of(new Problem(origin, 0, null, "cannot be read: " + e.getMessage())));
        }
    }

    /** @return every structural problem of the file, each with its line */
    static List<Problem> validate(byte[] content, String origin) {
        List<Problem> problems = new ArrayList<>();
        try {
            SAXParserFactory spf = SAXParserFactory.newDefaultInstance();
            spf.setNamespaceAware(true);
            spf.setXIncludeAware(false);
            spf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
            spf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            XMLReader reader = spf.newSAXParser().getXMLReader();
            Validator validator = SCHEMA.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            ErrorHandler collect = new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) {
                    add(problems, origin, e);
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    add(problems, origin, e);
                    throw e;
                }
            };
            validator.setErrorHandler(collect);
            validator.validate(new SAXSource(reader, new InputSource(new ByteArrayInputStream(content))));
        } catch (SAXParseException e) {
            if (problems.isEmpty()) {
                add(problems, origin, e);
            }
        } catch (SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            problems.add(new Problem(origin, 0, null, "cannot be read: " + e.getMessage()));
        }
        return merged(problems);
    }

    /**
     * Xerces says a bad value twice: what the type allows (without the element), then that the element's value is not
     * valid. One problem with both is what people need.
     */
    private static List<Problem> merged(List<Problem> problems) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            Problem next = i + 1 < problems.size() ? problems.get(i + 1) : null;
            if (p.element() == null && next != null && next.element() != null && next.line() == p.line()
                    && next.message().startsWith("The value ")) {
                out.add(new Problem(p.file(), p.line(), next.element(), p.message()));
                i++;
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static void add(List<Problem> problems, String origin, SAXParseException e) {
        String message = e.getMessage() == null ? "not valid" : e.getMessage();
        // Xerces names the rule first ("cvc-complex-type.2.4.a: "); people need only the sentence
        message = message.replaceFirst("^cvc-[A-Za-z0-9.-]+: ", "").replace("'{", "'").replace("}'", "'")
                .replace("DOCTYPE is disallowed when the feature \"http://apache.org/xml/features/disallow-doctype-decl\" set to true.",
                        "a DOCTYPE is not allowed in this file (no DTDs, no entities)");
        String element = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("element '([^']+)'").matcher(message);
        if (m.find()) {
            element = "<" + m.group(1) + ">";
        }
        problems.add(new Problem(origin, Math.max(e.getLineNumber(), 0), element, message));
    }

    private static List<Item> parse(byte[] content, String origin) throws IOException {
        List<Item> items = new ArrayList<>();
        try (JsonParser p = XML.createParser(content)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String section = p.currentName();
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    continue;               // an empty section
                }
                for (JsonToken e = p.nextToken(); e == JsonToken.FIELD_NAME; e = p.nextToken()) {
                    String element = p.currentName();
                    int line = p.currentTokenLocation().getLineNr();
                    Kind kind = Kind.of(section, element);
                    if (p.nextToken() != JsonToken.START_OBJECT || kind == null) {
                        p.skipChildren();
                        continue;
                    }
                    items.add(item(p, kind, origin, line));
                }
            }
        }
        return items;
    }

    /** Reads one connection, notifier, account or configuration; the parser is on its START_OBJECT. */
    private static Item item(JsonParser p, Kind kind, String origin, int line) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String name = null;
        String factoryPid = kind.factoryPid;
        Catalog catalog = Catalog.get();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT) {          // <property key="k">value</property>
                String k = null;
                String text = "";
                for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                    String field = p.currentName();
                    p.nextToken();
                    if ("key".equals(field)) {
                        k = p.getText();
                    } else {
                        text = p.getText() == null ? "" : p.getText();
                    }
                }
                if (k != null) {
                    values.computeIfAbsent(k.trim(), x -> new ArrayList<>()).add(text.trim());
                }
                continue;
            }
            String text = v == JsonToken.VALUE_NULL ? "" : p.getText().trim();
            if ("name".equals(key)) {
                name = text;
            } else if (kind == Kind.OTHER && "factoryPid".equals(key)) {
                factoryPid = text;
            } else {
                Catalog.Key known = catalog.key(kind, key);
                values.computeIfAbsent(known == null ? key : known.stored(), x -> new ArrayList<>()).add(text);
            }
        }
        return new Item(kind, factoryPid, name, values, origin, line);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    private static Schema schema() {
        try (InputStream in = Catalog.xsd()) {
            SchemaFactory f = SchemaFactory.newDefaultInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newSchema(new StreamSource(in));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("the shipped " + Catalog.XSD + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static XmlFactory xmlFactory() {
        XMLInputFactory in = new WstxInputFactory();
        in.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        in.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        in.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        in.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 32);
        in.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
        in.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, 1 << 20);
        in.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, 1_000_000L);
        return XmlFactory.builder().xmlInputFactory(in).build();
    }
}
