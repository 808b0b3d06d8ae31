package org.serverconnect.pagero.emulator.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the emulator knows before any request: OAuth2 clients, companies with their participant ids, users and the
 * companies they may act for, and the behaviour where Pagero's documentation is silent.
 *
 * @param clients                OAuth2 clients (id and secret)
 * @param companies              companies; a processed invoice is routed to the company whose participant id matches
 *                               its buyer endpoint id ({@code scheme:value})
 * @param users                  Pagero Online users and their companies
 * @param tokenLifetimeSeconds   access token lifetime ({@code expires_in}; Pagero says 600)
 * @param processingDelayMillis  time from upload to the end of processing
 * @param maxUploadBytes         a larger payload is refused with 413
 * @param showFetchedOnly        how {@code showFetchedOnly} filters: {@code "strict"} (the default: {@code false} lists
 *                               only documents not yet fetched, {@code true} only fetched ones) or {@code "lenient"}
 *                               ({@code false} lists all, {@code true} only fetched ones)
 * @param strictAccept           answer 406 to {@code targetdocument} requests whose {@code Accept} excludes XML (off by
 *                               default: Pagero's own connectors send {@code Accept: application/json} and read XML)
 * @param partsPerFile           how many file parts each file is processed in (default 1)
 * @param documentLagMillis      time from the end of processing (the parts are no longer listed) to the documents
 *                               appearing (default 0), on the emulator's clock
 * @param duplicateControl       Pagero Online's duplicate control: 0 (the default) for none, 1 to 12 for the month the
 *                               fiscal year starts; a sent document number already sent in that fiscal year then fails
 * @param fetchRequiresDownload  refuse (409) to mark a document fetched whose target document was never downloaded
 *                               (default true)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record EmulatorConfig(List<Client> clients, List<Company> companies, List<User> users,
        Integer tokenLifetimeSeconds, Integer processingDelayMillis, Long maxUploadBytes, String showFetchedOnly,
        Boolean strictAccept, Integer partsPerFile, Long documentLagMillis, Integer duplicateControl,
        Boolean fetchRequiresDownload) {

    @JsonCreator
    public EmulatorConfig {
        clients = clients == null ? List.of() : List.copyOf(clients);
        companies = companies == null ? List.of() : List.copyOf(companies);
        users = users == null ? List.of() : List.copyOf(users);
        tokenLifetimeSeconds = tokenLifetimeSeconds == null ? 600 : tokenLifetimeSeconds;
        processingDelayMillis = processingDelayMillis == null ? 200 : processingDelayMillis;
        maxUploadBytes = maxUploadBytes == null ? 100L * 1024 * 1024 : maxUploadBytes;
        showFetchedOnly = showFetchedOnly == null ? "strict" : showFetchedOnly;
        strictAccept = strictAccept != null && strictAccept;
        partsPerFile = partsPerFile == null ? 1 : partsPerFile;
        documentLagMillis = documentLagMillis == null ? 0 : documentLagMillis;
        duplicateControl = duplicateControl == null ? 0 : duplicateControl;
        fetchRequiresDownload = fetchRequiresDownload == null || fetchRequiresDownload;
        if (!showFetchedOnly.equals("strict") && !showFetchedOnly.equals("lenient")) {
            throw new IllegalArgumentException("showFetchedOnly must be \"strict\" or \"lenient\", was \"" + showFetchedOnly + "\"");
        }
        if (tokenLifetimeSeconds <= 0 || processingDelayMillis < 0 || maxUploadBytes <= 0) {
            throw new IllegalArgumentException("tokenLifetimeSeconds and maxUploadBytes must be positive, processingDelayMillis not negative");
        }
        if (partsPerFile < 1 || partsPerFile > 100) {
            throw new IllegalArgumentException("partsPerFile must be between 1 and 100, was " + partsPerFile);
        }
        if (documentLagMillis < 0) {
            throw new IllegalArgumentException("documentLagMillis must not be negative, was " + documentLagMillis);
        }
        if (duplicateControl < 0 || duplicateControl > 12) {
            throw new IllegalArgumentException("duplicateControl must be 0 (no control) or the month the fiscal year"
                    + " starts (1 to 12), was " + duplicateControl);
        }
        for (User u : users) {
            for (String c : u.companies()) {
                if (companies.stream().noneMatch(co -> co.id().equals(c))) {
                    throw new IllegalArgumentException("user " + u.username() + " names unknown company " + c);
                }
            }
        }
    }

    /**
     * The configuration with Pagero's behaviour where it is known and the emulator's defaults elsewhere: one file part
     * per file, no processing lag, no duplicate control, fetching only what was downloaded.
     */
    public EmulatorConfig(List<Client> clients, List<Company> companies, List<User> users,
            Integer tokenLifetimeSeconds, Integer processingDelayMillis, Long maxUploadBytes, String showFetchedOnly,
            Boolean strictAccept) {
        this(clients, companies, users, tokenLifetimeSeconds, processingDelayMillis, maxUploadBytes, showFetchedOnly,
                strictAccept, null, null, null, null);
    }

    /** An OAuth2 client. */
    public record Client(String id, String secret) {
        public Client {
            Objects.requireNonNull(id, "client id");
            Objects.requireNonNull(secret, "client secret");
        }
    }

    /** A company (a Pagero Online account) and the participant ids ({@code scheme:value}) it receives on. */
    public record Company(String id, String name, List<String> participants) {
        public Company {
            Objects.requireNonNull(id, "company id");
            name = name == null ? id : name;
            participants = participants == null ? List.of() : List.copyOf(participants);
        }
    }

    /** A Pagero Online user. */
    public record User(String username, String password, List<String> companies) {
        public User {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            companies = companies == null ? List.of() : List.copyOf(companies);
        }
    }

    /** Reads a configuration file (JSON); unknown keys are refused so that typos do not go unnoticed. */
    public static EmulatorConfig read(Path file) throws IOException {
        try {
            return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), EmulatorConfig.class);
        } catch (java.io.FileNotFoundException e) {
            throw new IOException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("the configuration file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    /** The demo's two companies, Acme (sender) and Globex (receiver); see the bundle's README. */
    public static EmulatorConfig demo() {
        String acme = "3a6f0c5e-1111-4c2b-9d7e-5b0c2d9e0a41";
        String globex = "7d2b9e10-2222-4f3a-8c6d-1e4f5a6b7c82";
        return new EmulatorConfig(
                List.of(new Client("demo-client", "demo-secret")),
                List.of(new Company(acme, "Acme", List.of("0007:5567321707")),
                        new Company(globex, "Globex", List.of("0007:5560000001", "0088:7300010000001"))),
                List.of(new User("acme-api", "acme-pass", List.of(acme)),
                        new User("globex-api", "globex-pass", List.of(globex))),
                600, 200, null, null, null);
    }

    Company company(String id) {
        return companies.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    Company companyForParticipant(String participant) {
        if (participant == null) {
            return null;
        }
        return companies.stream().filter(c -> c.participants().stream().anyMatch(p -> p.equalsIgnoreCase(participant)))
                .findFirst().orElse(null);
    }
}
