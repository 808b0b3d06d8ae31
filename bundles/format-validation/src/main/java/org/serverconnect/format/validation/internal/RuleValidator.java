package org.serverconnect.format.validation.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.CheckResult.Finding;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentKind;
import org.serverconnect.api.format.DocumentValidator;

import com.helger.diagnostics.error.IError;
import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.io.resource.FileSystemResource;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.api.validity.IValidityDeterminator;
import com.helger.phive.en16931.EN16931Validation;
import com.helger.phive.peppol.PeppolValidation;
import com.helger.phive.peppol.PeppolValidation2026_05;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;

/**
 * EN 16931 and Peppol BIS Billing 3 (release 2026.5) rules through phive (plain Java). The rule sets are loaded on
 * first use; every call runs with this class's class loader as the thread's context class loader, because JAXB and
 * Saxon find their implementations through it (inside OSGi the caller's would not see them).
 */
public final class RuleValidator implements DocumentValidator {
    private volatile ValidationExecutorSetRegistry<IValidationSourceXML> registry;

    private ValidationExecutorSetRegistry<IValidationSourceXML> registry() {
        ValidationExecutorSetRegistry<IValidationSourceXML> r = registry;
        if (r == null) {
            synchronized (this) {
                r = registry;
                if (r == null) {
                    r = withOwnClassLoader(() -> {
                        ValidationExecutorSetRegistry<IValidationSourceXML> reg = new ValidationExecutorSetRegistry<>();
                        PeppolValidation.initStandard(reg);
                        EN16931Validation.initEN16931(reg);
                        return reg;
                    });
                    registry = r;
                }
            }
        }
        return r;
    }

    /** The rule set for a format, or null. */
    static DVRCoordinate ruleSet(DocumentFormat f) {
        boolean credit = f.kind() == DocumentKind.CREDIT_NOTE;
        boolean invoice = f.kind() == DocumentKind.INVOICE || credit;
        if (!invoice) {
            return null;
        }
        String c = f.customizationId() == null ? "" : f.customizationId();
        return switch (f.id()) {
        case "PEPPOL_BIS3_UBL" -> credit ? PeppolValidation2026_05.VID_OPENPEPPOL_CREDIT_NOTE_UBL_V3
                : PeppolValidation2026_05.VID_OPENPEPPOL_INVOICE_UBL_V3;
        case "EN16931_UBL", "XRECHNUNG_UBL" -> credit ? EN16931Validation.VID_UBL_CREDIT_NOTE_1316 : EN16931Validation.VID_UBL_INVOICE_1316;
        case "EN16931_CII", "XRECHNUNG_CII", "PEPPOL_BIS3_CII" -> EN16931Validation.VID_CII_1316;
        case "FACTURX_ZUGFERD_CII" -> c.startsWith("urn:cen.eu:en16931:2017") ? EN16931Validation.VID_CII_1316 : null;
        default -> null;
        };
    }

    @Override
    public boolean supports(DocumentFormat format) {
        return ruleSet(format) != null;
    }

    @Override
    public CheckResult validate(Path file, DocumentFormat format) throws IOException {
        DVRCoordinate id = ruleSet(format);
        if (id == null) {
            return CheckResult.passed();
        }
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read " + file);
        }
        IValidationExecutorSet<IValidationSourceXML> ves = registry().getOfID(id);
        if (ves == null) {
            throw new IllegalStateException("rule set " + id.getAsSingleID() + " is not available");
        }
        ValidationResultList result = withOwnClassLoader(() -> ValidationExecutionManager.executeValidation(
                IValidityDeterminator.createDefault(), ves, ValidationSourceXML.create(new FileSystemResource(file.toFile())),
                Locale.US));
        List<Finding> findings = new ArrayList<>();
        for (IError e : result.getAllFailures()) {
            String location = e.getErrorLocation() == null ? null : e.getErrorLocation().getAsString();
            findings.add(new Finding(e.isError() ? Finding.Severity.ERROR : Finding.Severity.WARNING, e.getErrorID(),
                    e.getErrorText(Locale.US), location == null || location.isBlank() ? null : location));
        }
        findings.sort((a, b) -> a.severity().compareTo(b.severity()));
        return new CheckResult(findings);
    }

    @FunctionalInterface
    private interface Action<T> {
        T run();
    }

    private <T> T withOwnClassLoader(Action<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(RuleValidator.class.getClassLoader());
        try {
            return action.run();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Override
    public String toString() {
        return "RuleValidator[EN 16931 1.3.16, Peppol BIS Billing 3 2026.5]";
    }
}
