package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/serverconnect check} as a person uses it, without a runtime. */
class CheckCommandIT {
    private static final Path CORPUS = Path.of(System.getProperty("testdata"));

    @TempDir
    Path folder;

    @Test
    void describesGoodFilesAsJsonAndExitsZero() {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result r = sc.cli("check", "--json",
                    CORPUS.resolve("invoices/peppol-bis-invoice-3/examples/base-example.xml").toString());
            assertEquals(0, r.exit(), r.toString());
            String json = r.out();
            for (String field : List.of("\"file\":", "\"format\":\"PEPPOL_BIS3_UBL\"", "\"profile\":", "\"documentType\":\"Invoice\"",
                    "\"number\":\"Snippet1\"", "\"issueDate\":\"2017-11-13\"", "\"dueDate\":\"2017-12-01\"", "\"currency\":\"EUR\"",
                    "\"payableAmount\":\"1656.25\"", "\"seller\":{\"name\":\"SupplierOfficialName Ltd\",\"endpoint\":\"0088:9482348239847239874\"}",
                    "\"buyer\":{\"name\":\"Buyer Official Name\",\"endpoint\":\"0002:FR23342\"}", "\"lineCount\":2",
                    "\"valid\":true", "\"problems\":[]")) {
                assertTrue(json.contains(field), field + " missing in " + json);
            }
        }
    }

    @Test
    void anyBadFileMakesItExitOneAndSaysWhy() {
        try (Installation sc = Installation.in(folder)) {
            Installation.Result r = sc.cli("check", CORPUS.resolve("bad/Fäktura nr 1 – ÅÄÖ ü €.xml").toString(),
                    CORPUS.resolve("bad/xxe-external-entity.xml").toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("Fäktura nr 1 – ÅÄÖ ü €.xml: ok"), r.toString());
            assertTrue(r.out().contains("xxe-external-entity.xml: REFUSED") && r.out().contains("DOCTYPE"), r.toString());
            assertEquals(2, sc.cli("check").exit(), "no file named: usage");
        }
    }
}
