package org.serverconnect.config.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The XSD people and editors read lists exactly the keys the components take, as their own metatype (generated from
 * their configuration annotations) says: every key, whether it is a secret, whether it takes several values, and
 * for a number, a yes/no or a choice, the matching type.
 */
class CatalogTest {

    @ParameterizedTest
    @CsvSource({
        "ACCOUNT,  org.serverconnect.engine.internal.AccountComponent$Config",
        "PAGERO,   org.serverconnect.transport.pagero.internal.PageroTransport$Config",
        "MAIL,     org.serverconnect.notify.mail.internal.SmtpNotifier$Config",
        "MAILDROP, org.serverconnect.notify.mail.internal.MaildropNotifier$Config",
        "LOG,      org.serverconnect.notify.log.internal.LogNotifier$Config" })
    void theXsdListsEveryKeyTheComponentTakes(Kind kind, String ocd) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/metatype/" + ocd + ".xml")) {
            assertNotNull(in, "metatype of " + ocd);
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            NodeList ads = f.newDocumentBuilder().parse(in).getElementsByTagName("AD");
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                String id = ad.getAttribute("id");
                if (id.equals("name") || id.startsWith("webconsole.")) {
                    continue;   // the name is the element's attribute; the hint is for the web console only
                }
                boolean options = ad.getElementsByTagName("Option").getLength() > 0;
                String type = switch (ad.getAttribute("type")) {
                case "Integer" -> "count";
                case "Boolean" -> "bool";
                default -> options ? "choice" : "text";
                };
                expected.put(id.replaceFirst("^\\.", ""), describe(id.startsWith("."), !ad.getAttribute("cardinality").isEmpty(), type));
            }
        }
        Map<String, String> actual = new TreeMap<>();
        for (Catalog.Key k : Catalog.get().keys(kind).values()) {
            String type = switch (k.type()) {
            case "count" -> "count";
            case "bool" -> "bool";
            case "xs:string" -> "text";
            case "notifyPolicy" -> "text";      // a pattern: every, activity, problems or digest HH:MM
            default -> "choice";
            };
            if (k.name().equals("sendMode") && kind == Kind.ACCOUNT) {
                type = "text";                  // the account's override; the connection's is a choice
            }
            actual.put(k.name(), describe(k.secret(), k.multiple(), type));
        }
        assertEquals(expected, actual);
    }

    private static String describe(boolean secret, boolean multiple, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("secret", secret);
        m.put("multiple", multiple);
        return m.toString();
    }
}
