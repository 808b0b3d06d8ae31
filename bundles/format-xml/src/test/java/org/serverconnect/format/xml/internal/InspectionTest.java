package org.serverconnect.format.xml.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.serverconnect.api.format.CheckLevel;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentDescription;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.FormatAdapter;
import org.serverconnect.api.format.FormatException;
import org.serverconnect.api.format.Inspection;

/**
 * The one-reading inspection says what detect, describe and check say one by one, for every real sample and every
 * hostile file, at every check level.
 */
class InspectionTest {
    private static final FormatAdapter ADAPTER = new XmlFormatAdapter();

    static Stream<Path> files() throws IOException {
        Path root = CorpusTest.corpus();
        try (Stream<Path> invoices = Files.walk(root.resolve("invoices")); Stream<Path> bad = Files.walk(root.resolve("bad"))) {
            return Stream.concat(invoices.filter(Files::isRegularFile).toList().stream(),
                    bad.filter(Files::isRegularFile).toList().stream()).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void oneReadingSaysWhatThreeSay(Path file) throws IOException {
        for (CheckLevel level : List.of(CheckLevel.NONE, CheckLevel.WELLFORMED, CheckLevel.FORMAT)) {
            assertEquals(stepByStep(file, level), ADAPTER.inspect(file, level), file + " at " + level);
        }
    }

    @org.junit.jupiter.api.Test
    void aOneByteFileIsRefusedWithAReasonNotAnError(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = Files.write(dir.resolve("one.xml"), new byte[] { 0x1F });
        Inspection i = ADAPTER.inspect(f, CheckLevel.FORMAT);
        assertEquals(null, i.format());
        assertEquals(false, i.check().ok(), i.toString());
    }

    /** The same adapter asked step by step: the interface's own inspection, which asks detect, describe and check. */
    private static Inspection stepByStep(Path file, CheckLevel level) throws IOException {
        FormatAdapter threeReadings = new FormatAdapter() {
            @Override
            public Optional<DocumentFormat> detect(InputStream in) throws IOException {
                return ADAPTER.detect(in);
            }

            @Override
            public DocumentDescription describe(InputStream in) throws FormatException, IOException {
                return ADAPTER.describe(in);
            }

            @Override
            public CheckResult check(InputStream in, CheckLevel l) throws IOException {
                return ADAPTER.check(in, l);
            }
        };
        return threeReadings.inspect(file, level);
    }
}
