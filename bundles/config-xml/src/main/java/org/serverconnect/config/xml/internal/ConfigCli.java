package org.serverconnect.config.xml.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.serverconnect.api.TextTable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The configuration command line: {@code serverconnect account|connection|notifier|config ...}. It works on the
 * home's configuration files ({@code etc/*.cfg}, {@code etc/serverconnect.xml}); a runtime that is up applies each
 * change live within a second or two (both are watched), one that is down at its next start. Instances described
 * in the installation file are changed there, never here. Secrets are never printed.
 *
 * <p>Started by {@code bin/serverconnect} with {@code -Dserverconnect.home=HOME} and
 * {@code -Dserverconnect.running=true|false}, for {@code config export} of a running runtime
 * {@code -Dserverconnect.configuration=FILE} (its {@code GET /api/v1/configuration}), and
 * {@code -Dserverconnect.status=FILE}, where a status other than 0 is written: 1 refused or problems found, 2 wrong
 * usage.
 */
public final class ConfigCli {
    private static final Pattern FILE_SECRET = Pattern.compile("^\\$\\{file:(.+)}$");
    private final Home home;
    /** whether the home's runtime is up (it applies a change at once) */
    private final boolean up;
    /** the running runtime's configuration ({@code GET /api/v1/configuration}, fetched by the launcher), or null */
    private final Path running;
    private final PrintWriter out;
    private final PrintWriter err;
    /** the components' own checks, from the bundles' jars on the class path */
    private final SettingsChecks settings = SettingsChecks.onClassPath();

    ConfigCli(Path home, boolean up, Path running, PrintWriter out, PrintWriter err) {
        this.home = new Home(home);
        this.up = up;
        this.running = running;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command. A status other than 0 is written to the file named by {@code serverconnect.status} (the
     * launcher exits with it: 1 refused, 2 wrong usage) and fails {@code main}; this class lives in a bundle of the
     * runtime, where {@code System.exit} would stop every account.
     */
    public static void main(String[] args) throws IOException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            // the reason is already on stderr
        });
        String home = System.getProperty("serverconnect.home", ".");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        String configuration = System.getProperty("serverconnect.configuration");
        int status = new ConfigCli(Path.of(home), Boolean.getBoolean("serverconnect.running"),
                configuration == null ? null : Path.of(configuration), out, err).run(args);
        out.flush();
        err.flush();
        if (status != 0) {
            String statusFile = System.getProperty("serverconnect.status");
            if (statusFile != null) {
                Files.writeString(Path.of(statusFile), Integer.toString(status));
            }
            throw new IllegalStateException("exit status " + status);
        }
    }

    /** @return the exit status */
    int run(String... args) {
        CommandLine cli = new CommandLine(commands());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println(line.getCommandSpec().qualifiedName(" ") + ": " + e.getMessage());
            if (e instanceof CommandLine.ParameterException) {
                line.usage(err);
                return 2;
            }
            return 1;
        });
        return cli.execute(args);
    }

    // ---------------------------------------------------------------------------------------------------------
    // the commands

    private CommandSpec commands() {
        CommandSpec root = CommandSpec.create().name("serverconnect");
        root.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
        root.usageMessage().description("Configuration commands of Server Connect (the home's etc/ folder).");
        for (String noun : List.of("account", "connection", "notifier")) {
            root.addSubcommand(noun, new CommandLine(noun(noun)));
        }
        CommandSpec config = group("config", "Check or export the whole configuration.");
        CommandSpec check = command("check", "Check an installation file, or the home's whole configuration (the XML file "
                + "and every .cfg file), without applying anything. Exit 0 when all is right, 1 otherwise.",
                s -> check(s.positionalParameters().isEmpty() ? null : (String) s.positionalParameters().get(0).getValue()));
        check.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("FILE")
                .description("an installation file (default: the home's etc/serverconnect.xml and its .cfg files)").build());
        config.addSubcommand("check", new CommandLine(check));
        config.addSubcommand("export", new CommandLine(command("export",
                "Print the whole configuration as one installation file, secrets masked: the running runtime's when it "
                        + "is up, else what the .cfg files and the XML file say. Each instance says where it is configured.",
                s -> export())));
        root.addSubcommand("config", new CommandLine(config));
        return root;
    }

    private CommandSpec noun(String noun) {
        List<Kind> kinds = Kind.ofNoun(noun);
        CommandSpec spec = group(noun, switch (noun) {
        case "account" -> "Accounts: a company's outbox and inbox.";
        case "connection" -> "Connections to Pagero Online.";
        default -> "Notifiers: who is told about runs and errors (mail, maildrop, log).";
        });
        CommandSpec list = command("list", "List every " + noun + " with where it is configured.", s -> list(noun, flag(s, "--json")));
        spec.addSubcommand("list", new CommandLine(json(list)));
        CommandSpec show = command("show", "Show one " + noun + "'s settings (secrets masked).",
                s -> show(noun, arg(s, 0), flag(s, "--json")));
        spec.addSubcommand("show", new CommandLine(json(name(show))));
        if (kinds.size() == 1) {
            spec.addSubcommand("add", new CommandLine(add(kinds.get(0), "add")));
        } else {
            CommandSpec add = group("add", "Add a notifier of a type: " + String.join(", ", kinds.stream().map(k -> k.element).toList()) + ".");
            for (Kind k : kinds) {
                add.addSubcommand(k.element, new CommandLine(add(k, k.element)));
            }
            spec.addSubcommand("add", new CommandLine(add));
        }
        CommandSpec set = command("set", "Change settings: KEY=VALUE each; an empty VALUE removes the setting (its "
                + "default applies). A secret's VALUE '-' is read from the standard input.", s -> set(noun, arg(s, 0), map(s)));
        name(set).addPositional(PositionalParamSpec.builder().index("1..*").arity("1..*").paramLabel("KEY=VALUE")
                .type(Map.class).auxiliaryTypes(String.class, String.class).description("the settings to change").build());
        spec.addSubcommand("set", new CommandLine(set));
        CommandSpec remove = command("remove", "Remove " + (noun.equals("account") ? "an " : "a ") + noun + " (its folders and journal stay).",
                s -> remove(noun, arg(s, 0), flag(s, "--force")));
        if (!noun.equals("account")) {
            remove.addOption(OptionSpec.builder("--force").description("remove it even though accounts name it").build());
        }
        spec.addSubcommand("remove", new CommandLine(name(remove)));
        if (noun.equals("account")) {
            spec.addSubcommand("enable", new CommandLine(name(command("enable", "Let the account run again.",
                    s -> set(noun, arg(s, 0), Map.of("enabled", "true"))))));
            spec.addSubcommand("disable", new CommandLine(name(command("disable",
                    "Stop the account from doing anything (it shows DISABLED) without removing it.",
                    s -> set(noun, arg(s, 0), Map.of("enabled", "false"))))));
        }
        return spec;
    }

    /** {@code add NAME --key value...}: one option per setting of the kind, from the XSD, with its description */
    private CommandSpec add(Kind kind, String name) {
        CommandSpec add = command(name, "Add " + (kind.noun.equals("notifier") ? "a " + kind.element + " notifier"
                : kind == Kind.ACCOUNT ? "an account" : "a " + kind.noun)
                + ". Each option is one setting (see the README's Configuration section); a secret's value '-' is read "
                + "from the standard input.", s -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (OptionSpec o : s.options()) {
                        if (o.longestName().startsWith("--") && o.getValue() != null && !o.usageHelp() && !o.versionHelp()) {
                            values.put(o.longestName().substring(2), o.getValue());
                        }
                    }
                    return add(kind, arg(s, 0), values);
                });
        for (Catalog.Key k : Catalog.get().keys(kind).values()) {
            add.addOption(OptionSpec.builder("--" + k.name()).paramLabel(k.secret() ? "SECRET" : "VALUE").type(String.class)
                    .description(k.doc().replace("${", "$${")).build());     // picocli's own ${...} variables
        }
        return name(add);
    }

    // ---------------------------------------------------------------------------------------------------------
    // what they do

    private int list(String noun, boolean json) throws IOException {
        List<Item> items = find(noun, null);
        if (json) {
            json(g -> {
                g.writeStartArray();
                for (Item i : items) {
                    describe(g, i);
                }
                g.writeEndArray();
            });
            return 0;
        }
        if (items.isEmpty()) {
            out.println("no " + noun + "s configured (add one with: serverconnect " + noun + " add" + (noun.equals("notifier") ? " TYPE" : "") + " NAME)");
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("NAME", "TYPE", "CONFIGURED IN", "SETTINGS"));
        for (Item i : items) {
            rows.add(List.of(i.name(), i.kind().element, where(i), summary(i)));
        }
        out.print(TextTable.of(rows));
        out.flush();
        return 0;
    }

    private int show(String noun, String name, boolean json) throws IOException {
        Item i = one(noun, name);
        if (json) {
            json(g -> describe(g, i));
            return 0;
        }
        out.println(i.kind().noun + " " + i.name() + (noun.equals("notifier") ? " (" + i.kind().element + ")" : "")
                + ", configured in " + where(i));
        Catalog catalog = Catalog.get();
        i.values().forEach((k, v) -> {
            Catalog.Key key = catalog.key(i.kind(), k);
            out.println("  " + (key == null ? k : key.name()) + " = " + shown(k, String.join(", ", v)));
        });
        return 0;
    }

    private int add(Kind kind, String name, Map<String, String> given) throws IOException {
        List<Item> all = all();
        for (Item i : all) {
            if (i.kind().noun.equals(kind.noun) && i.name().equals(name)) {
                err.println(kind.noun + " " + name + " is already configured in " + where(i)
                        + (i.line() > 0 ? "" : "; change it with: serverconnect " + kind.noun + " set " + name + " KEY=VALUE"));
                return 1;
            }
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            Catalog.Key k = Catalog.get().key(kind, e.getKey());
            values.put(k.stored(), List.of(secretValue(k, e.getValue())));
        }
        Path file = home.cfg(kind.factoryPid, name);
        Item item = new Item(kind, kind.factoryPid, name, values, home.shown(file), 0);
        if (refused(item, all)) {
            return 1;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        values.forEach((k, v) -> changes.put(k, v.get(0)));
        Files.createDirectories(home.etc());
        Home.write(file, changes, "written by serverconnect " + kind.noun + " add, " + LocalDate.now());
        done(item.label() + " added: " + home.shown(file));
        return 0;
    }

    private int set(String noun, String name, Map<String, String> given) throws IOException {
        Item old = one(noun, name);
        if (old.line() > 0) {
            err.println(old.label() + " is described in " + old.origin() + " (line " + old.line() + "): change it there");
            return 1;
        }
        Map<String, List<String>> values = new LinkedHashMap<>(old.values());
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            Catalog.Key k = Catalog.get().key(old.kind(), e.getKey());
            if (k == null) {
                err.println("'" + e.getKey() + "' is not a setting of a " + old.kind().element + " (settings: "
                        + String.join(", ", Catalog.get().keys(old.kind()).keySet()) + ")");
                return 1;
            }
            String value = e.getValue() == null || e.getValue().isEmpty() ? null : secretValue(k, e.getValue());
            changes.put(k.stored(), value);
            if (value == null) {
                values.remove(k.stored());
            } else {
                values.put(k.stored(), List.of(value));
            }
        }
        Item item = new Item(old.kind(), old.factoryPid(), name, values, old.origin(), 0);
        List<Item> others = new ArrayList<>(all());
        others.removeIf(i -> i.pid().equals(old.pid()));
        if (refused(item, others)) {
            return 1;
        }
        Home.write(home.etc().resolve(Path.of(old.origin()).getFileName()), changes, null);
        done(item.label() + " changed: " + old.origin());
        return 0;
    }

    private int remove(String noun, String name, boolean force) throws IOException {
        Item old = one(noun, name);
        if (old.line() > 0) {
            err.println(old.label() + " is described in " + old.origin() + " (line " + old.line() + "): remove it there");
            return 1;
        }
        if (!noun.equals("account") && !force) {
            List<String> users = new ArrayList<>();
            for (Item a : all()) {
                if (a.kind() == Kind.ACCOUNT && (name.equals(a.get("connection") == null ? null : a.get("connection").trim())
                        || Checks.names(a.values().get("notify")).contains(name))) {
                    users.add(a.name());
                }
            }
            if (!users.isEmpty()) {
                err.println(old.label() + " is named by the account(s) " + String.join(", ", users)
                        + ", which would wait for it: change them first, or remove it anyway with --force");
                return 1;
            }
        }
        Files.delete(home.etc().resolve(Path.of(old.origin()).getFileName()));
        done(old.label() + " removed (" + old.origin() + " deleted)");
        return 0;
    }

    private int check(String file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Item> cfg = home.cfgItems();
        List<Item> xml = List.of();
        byte[] content;
        String origin;
        if (file != null) {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                err.println(file + ": no such file");
                return 1;
            }
            content = Files.readAllBytes(p);
            origin = file;
        } else {
            content = home.xml();
            origin = home.shown(home.etc().resolve(Home.XML));
            for (Item i : cfg) {
                Path f = home.etc().resolve(Path.of(i.origin()).getFileName());
                problems.addAll(CfgChecks.check(i, f, settings));
                problems.addAll(CfgChecks.references(f, i.origin()));
            }
        }
        if (content != null) {
            InstallationReader.Reading r = InstallationReader.read(content, origin);
            problems.addAll(r.problems());
            xml = r.items();
            if (r.problems().isEmpty()) {
                problems.addAll(Checks.check(xml, cfg, settings));
            }
        }
        if (file == null) {
            problems.addAll(Checks.references(cfg, xml));
        }
        for (Item i : file == null ? concat(cfg, xml) : xml) {
            secretFiles(i, warnings);
        }
        for (Problem p : problems) {
            out.println(p);
        }
        for (String w : warnings) {
            out.println("warning: " + w);
        }
        int count = file == null ? cfg.size() + xml.size() : xml.size();
        if (problems.isEmpty()) {
            out.println((file == null ? "the configuration in " + home.shown(home.etc()) + "/" : file) + " is right: " + count
                    + " instance(s) checked" + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)"));
            return 0;
        }
        out.println(problems.size() + " problem(s); nothing was changed");
        return 1;
    }

    /** The running runtime's configuration when it is up (its API), else what the home's files say. */
    private int export() throws IOException {
        out.println(XmlWriter.write(running == null ? all() : runningConfiguration(), true).strip());
        return 0;
    }

    /** @return the running runtime's factory configurations, as its API listed them (secrets masked) */
    private List<Item> runningConfiguration() throws IOException {
        List<Item> items = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(running.toFile())) {
            String factoryPid = c.path("factoryPid").asText();
            Map<String, List<String>> values = new LinkedHashMap<>();
            c.path("properties").properties().forEach(e -> values.put(e.getKey(), List.of(e.getValue().asText())));
            String origin = c.path("origin").asText();
            if (origin.startsWith("/")) {
                origin = home.shown(Path.of(origin));
            }
            items.add(new Item(Kind.ofPid(factoryPid), factoryPid, c.path("name").asText(), values, origin, 0));
        }
        return items;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Checks an instance about to be written like the runtime would; prints the problems. */
    private boolean refused(Item item, List<Item> others) {
        List<Problem> problems = new ArrayList<>(CfgChecks.check(item, null, settings));
        if (problems.isEmpty()) {
            problems.addAll(Checks.references(List.of(item), others));
        }
        List<String> warnings = new ArrayList<>();
        secretFiles(item, warnings);
        warnings.forEach(w -> err.println("warning: " + w));
        for (Problem p : problems) {
            String key = p.element() == null ? "" : p.element().replaceFirst("^\\.", "");
            String element = key.isEmpty() || key.startsWith("<") || p.message().startsWith(key) ? "" : key + ": ";
            err.println(item.label() + ": " + element + p.message());
        }
        if (!problems.isEmpty()) {
            err.println("nothing was changed");
        }
        return !problems.isEmpty();
    }

    private void done(String what) {
        out.println(what + (up ? "; the running runtime applies it now (it watches etc/)"
                : "; the runtime is not running: it applies at the next start"));
    }

    /** A secret file readable by others than its owner (the service account) draws a warning. */
    private void secretFiles(Item item, List<String> warnings) {
        item.values().forEach((k, v) -> {
            if (!k.startsWith(".")) {
                return;
            }
            for (String value : v) {
                Matcher m = FILE_SECRET.matcher(value.trim());
                if (!m.matches()) {
                    continue;
                }
                Path p = Path.of(m.group(1));
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                        warnings.add(item.label() + ": the secret file " + p + " (" + k.substring(1)
                                + ") is readable by others than its owner; make it readable by the service account only "
                                + "(chmod 600 " + p + ")");
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    warnings.add(item.label() + ": the secret file " + p + " (" + k.substring(1) + ") does not exist");
                } catch (IOException | UnsupportedOperationException e) {
                    // not a POSIX file system: nothing to say
                }
            }
        });
    }

    /** A secret given as '-' is read from the standard input (so it is not in the process list or shell history). */
    private static String secretValue(Catalog.Key k, String value) {
        if (!k.secret() || !"-".equals(value)) {
            return value;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException(k.name() + ": nothing on the standard input");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Item> all() throws IOException {
        List<Item> items = new ArrayList<>(home.cfgItems());
        byte[] xml = home.xml();
        if (xml != null) {
            InstallationReader.Reading r = InstallationReader.read(xml, home.shown(home.etc().resolve(Home.XML)));
            items.addAll(r.items());
            for (Problem p : r.problems()) {
                err.println("warning: " + p + " (the runtime keeps its previous configuration from this file)");
            }
        }
        return items;
    }

    /** @return the instances of a noun (all of them when {@code name} is null) */
    private List<Item> find(String noun, String name) throws IOException {
        return all().stream().filter(i -> i.kind() != Kind.OTHER && i.kind().noun.equals(noun))
                .filter(i -> name == null || i.name().equals(name)).toList();
    }

    private Item one(String noun, String name) throws IOException {
        List<Item> found = find(noun, name);
        if (found.isEmpty()) {
            List<String> names = find(noun, null).stream().map(Item::name).toList();
            throw new IllegalArgumentException("no " + noun + " " + name + (names.isEmpty() ? " (there are none)"
                    : " (" + noun + "s: " + String.join(", ", names) + ")"));
        }
        return found.get(0);
    }

    private static String where(Item i) {
        return i.line() > 0 ? i.origin() + ":" + i.line() : i.origin();
    }

    private static String summary(Item i) {
        List<String> keys = switch (i.kind()) {
        case ACCOUNT -> List.of("connection", "company", "enabled");
        case PAGERO -> List.of("apiUrl", "username", "sendMode");
        case MAIL -> List.of("host", "from");
        case MAILDROP -> List.of("folder");
        default -> List.of();
        };
        StringBuilder s = new StringBuilder();
        for (String k : keys) {
            String v = i.get(k);
            if (v != null) {
                s.append(s.isEmpty() ? "" : "  ").append(k).append('=').append(v);
            }
        }
        return s.toString();
    }

    private static String shown(String key, String value) {
        return key.startsWith(".") && !value.isEmpty() ? XmlWriter.MASK : XmlWriter.withoutUrlPassword(value);
    }

    private void describe(JsonGenerator g, Item i) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", i.name());
        g.writeStringField("kind", i.kind().noun);
        g.writeStringField("type", i.kind().element);
        g.writeStringField("configuredIn", i.origin());
        if (i.line() > 0) {
            g.writeNumberField("line", i.line());
        }
        g.writeObjectFieldStart("settings");
        for (Map.Entry<String, List<String>> e : i.values().entrySet()) {
            Catalog.Key k = Catalog.get().key(i.kind(), e.getKey());
            g.writeStringField(k == null ? e.getKey() : k.name(), shown(e.getKey(), String.join(", ", e.getValue())));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private interface JsonWriting {
        void write(JsonGenerator g) throws IOException;
    }

    private void json(JsonWriting body) throws IOException {
        StringWriter s = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(s)) {
            g.useDefaultPrettyPrinter();
            body.write(g);
        }
        out.println(s);
    }

    private static List<Item> concat(List<Item> a, List<Item> b) {
        List<Item> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---------------------------------------------------------------------------------------------------------
    // picocli's programmatic model: the add commands' options come from the XSD, so the rest is built the same way

    private interface Action {
        int run(CommandSpec spec) throws IOException;
    }

    private static CommandSpec command(String name, String description, Action action) {
        CommandSpec[] self = new CommandSpec[1];
        self[0] = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> action.run(self[0]));
        self[0].name(name).addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
        self[0].usageMessage().description(description);
        return self[0];
    }

    private static CommandSpec group(String name, String description) {
        CommandSpec spec = command(name, description, s -> {
            throw new CommandLine.ParameterException(s.commandLine(), "name one of: " + String.join(", ",
                    s.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
        });
        return spec;
    }

    private static CommandSpec name(CommandSpec spec) {
        return spec.addPositional(PositionalParamSpec.builder().index("0").paramLabel("NAME").type(String.class)
                .description("the name").build());
    }

    private static CommandSpec json(CommandSpec spec) {
        return spec.addOption(OptionSpec.builder("--json").description("print JSON").build());
    }

    private static boolean flag(CommandSpec s, String option) {
        OptionSpec o = s.findOption(option);
        return o != null && Boolean.TRUE.equals(o.getValue());
    }

    private static String arg(CommandSpec s, int index) {
        return s.positionalParameters().get(index).getValue();
    }

    private static Map<String, String> map(CommandSpec s) {
        return s.positionalParameters().get(1).getValue();
    }

}
