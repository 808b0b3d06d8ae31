package org.serverconnect.format.validation.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.serverconnect.api.format.CheckResult;
import org.serverconnect.api.format.DocumentFormat;
import org.serverconnect.api.format.DocumentValidator;

/** The rule validator as a service; the rule sets load on first use, not at start. */
@Component(service = DocumentValidator.class, property = "validator.rules=EN16931,PEPPOL_BIS3")
public final class RuleValidatorComponent implements DocumentValidator {
    private final RuleValidator validator = new RuleValidator();

    @Override
    public boolean supports(DocumentFormat format) {
        return validator.supports(format);
    }

    @Override
    public CheckResult validate(Path file, DocumentFormat format) throws IOException {
        return validator.validate(file, format);
    }
}
