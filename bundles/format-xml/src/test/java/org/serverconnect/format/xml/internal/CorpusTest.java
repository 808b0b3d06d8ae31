package org.serverconnect.format.xml.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.serverconnect.api.format.DocumentDescription;

/**
 * Every real sample of {@code testdata/invoices}, read in place, is detected and described as
 * {@code manifest.tsv} says: format, root, customization and profile ids, number, type code, dates, currency,
 * payable amount, seller and buyer names and endpoints, line count.
 */
class CorpusTest {

    static Path corpus() {
        return Path.of(System.getProperty("testdata", "../../testdata")).toAbsolutePath().normalize();
    }

    /** One manifest row: the sample and what it must be read as. */
    record Row(String file, String format, String root, String customization, String profile, String id, String type,
            String issue, String due, String currency, String payable, String sellerName, String sellerEndpoint,
            String buyerName, String buyerEndpoint, String lines) {
        @Override
        public String toString() {
            return file.replaceFirst("^invoices/", "");
        }
    }

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(corpus().resolve("manifest.tsv"), StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split("\t", -1);
            rows.add(new Row(c[0], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15],
                    c[16], c[17]));
        }
        return rows;
    }

    @Test
    void theManifestCoversEveryFileOfTheCorpus() throws IOException {
        java.util.Set<String> listed = new java.util.TreeSet<>();
        rows().forEach(r -> listed.add(r.file()));
        try (Stream<Path> files = Files.walk(corpus().resolve("invoices"))) {
            java.util.Set<String> xml = new java.util.TreeSet<>();
            files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().toLowerCase().endsWith(".xml"))
                    .forEach(p -> xml.add(corpus().relativize(p).toString()));
            java.util.Set<String> unlisted = new java.util.TreeSet<>(xml);
            unlisted.removeAll(listed);
            assertEquals(java.util.Set.of(), unlisted, "XML samples without a manifest row");
        }
        for (String f : listed) {
            assertEquals(true, Files.isRegularFile(corpus().resolve(f)), "manifest row without a sample: " + f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachSampleIsReadAsTheManifestSays(Row row) throws IOException {
        Path file = corpus().resolve(row.file());
        InvoiceReader.Reading r;
        try (InputStream in = Files.newInputStream(file)) {
            r = InvoiceReader.read(in);
        }
        assertNull(r.problem(), "refused: " + r.problem());
        DocumentDescription d = Descriptions.describe(r);
        assertAll(
                () -> assertEquals(row.format(), d.format().id(), "format"),
                () -> assertEquals(row.root(), r.root() == null ? "" : r.root().replace("{}", ""), "root"),
                () -> assertEquals(row.customization(), nvl(d.format().customizationId()), "customization id"),
                () -> assertEquals(row.profile(), nvl(d.format().profileId()), "profile id"),
                () -> assertEquals(row.id(), nvl(d.number()), "number"),
                () -> assertEquals(row.type(), nvl(d.typeCode()), "type code"),
                () -> assertEquals(Descriptions.date(empty(row.issue())), d.issueDate(), "issue date"),
                () -> assertEquals(Descriptions.date(empty(row.due())), d.dueDate(), "due date"),
                () -> assertEquals(row.currency(), nvl(d.currency()), "currency"),
                () -> assertEquals(amount(row.payable()), d.total(), "payable amount"),
                () -> assertEquals(row.sellerName(), tsv(d.seller().name()), "seller name"),
                () -> assertEquals(row.sellerEndpoint(), nvl(d.seller().endpoint()), "seller endpoint"),
                () -> assertEquals(row.buyerName(), tsv(d.buyer().name()), "buyer name"),
                () -> assertEquals(row.buyerEndpoint(), nvl(d.buyer().endpoint()), "buyer endpoint"),
                () -> assertEquals(row.lines().isEmpty() ? 0 : Integer.parseInt(row.lines()), d.lineCount(), "line count"));
    }

    private static String nvl(String s) {
        return s == null ? "" : s;
    }

    /** As the manifest (a TSV file, one line per sample) writes a text: line breaks become spaces. */
    private static String tsv(String s) {
        return nvl(s).replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String empty(String s) {
        return s.isEmpty() ? null : s;
    }

    private static BigDecimal amount(String s) {
        return s.isEmpty() ? null : Descriptions.amount(s);
    }
}
