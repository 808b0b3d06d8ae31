package org.serverconnect.format.csv.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.serverconnect.api.format.FormatException;

/**
 * Reads the CSV layout of this bundle's README: a header row naming the columns, then one row per invoice line; the
 * invoice's own fields (number, dates, parties, ...) are on the first row and either repeated or left empty on the
 * others. Parsing is commons-csv's (quotes, separators inside quotes, line breaks inside quotes); a UTF-8 byte order
 * mark is skipped. Every problem names the line, the column's number and name, and what is wrong.
 */
final class CsvInvoiceReader {
    /** The columns, by what they are; their names in a file are compared without case, spaces, '-' or '_'. */
    enum Column {
        INVOICE_NUMBER(true), DOCUMENT_TYPE(true), ISSUE_DATE(true), DUE_DATE(true), CURRENCY(true),
        BUYER_REFERENCE(true), ORDER_REFERENCE(true), PRECEDING_INVOICE(true), PAYMENT_TERMS(true),
        PAYMENT_ACCOUNT(true), PAYMENT_MEANS(true), NOTE(true),
        SELLER_NAME(true), SELLER_ENDPOINT(true), SELLER_VAT_ID(true), SELLER_COMPANY_ID(true), SELLER_STREET(true),
        SELLER_CITY(true), SELLER_POSTCODE(true), SELLER_COUNTRY(true),
        BUYER_NAME(true), BUYER_ENDPOINT(true), BUYER_VAT_ID(true), BUYER_COMPANY_ID(true), BUYER_STREET(true),
        BUYER_CITY(true), BUYER_POSTCODE(true), BUYER_COUNTRY(true),
        TOTAL_WITHOUT_VAT(true), TOTAL_VAT(true), TOTAL_PAYABLE(true),
        LINE_ID(false), ITEM_NAME(false), QUANTITY(false), UNIT_CODE(false), PRICE(false), VAT_CATEGORY(false),
        VAT_RATE(false), VAT_EXEMPTION_REASON(false), LINE_ALLOWANCE(false), LINE_ALLOWANCE_REASON(false);

        /** Whether the value belongs to the whole invoice (first row, repeated or empty after) or to its row. */
        final boolean document;

        Column(boolean document) {
            this.document = document;
        }

        /** The name as the README writes it: {@code InvoiceNumber}, {@code SellerVatId}, ... */
        String title() {
            StringBuilder b = new StringBuilder();
            for (String part : name().split("_")) {
                b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
            return b.toString();
        }

        static String normal(String header) {
            return header.replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
        }
    }

    static final Set<Column> REQUIRED = Set.of(Column.INVOICE_NUMBER, Column.ISSUE_DATE, Column.CURRENCY,
            Column.SELLER_NAME, Column.SELLER_ENDPOINT, Column.SELLER_VAT_ID, Column.SELLER_COUNTRY, Column.BUYER_NAME,
            Column.BUYER_ENDPOINT, Column.BUYER_COUNTRY, Column.ITEM_NAME, Column.QUANTITY, Column.PRICE);
    /** VAT categories this converter writes (UNCL5305): standard, zero rated, exempt, reverse charge. */
    static final Set<String> CATEGORIES = Set.of("S", "Z", "E", "AE");
    private static final Pattern ENDPOINT = Pattern.compile("(\\d{4}):(\\S.*)");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern UNIT = Pattern.compile("[A-Z0-9]{1,3}");

    /** The account's choices: separator ({@code 0} = whichever of ';', ',' or tab the header row uses) and decimal mark. */
    record Options(char separator, char decimal, String fileName) {
        static Options of(Map<String, String> m) throws FormatException {
            String s = m.getOrDefault("separator", "auto").trim();
            char sep = switch (s.toLowerCase(Locale.ROOT)) {
            case "auto", "" -> 0;
            case ";", "semicolon" -> ';';
            case ",", "comma" -> ',';
            case "tab", "\t" -> '\t';
            default -> throw new FormatException("csv.separator must be ';', ',', 'tab' or 'auto', not '" + s + "'", null);
            };
            String d = m.getOrDefault("decimal", ".").trim();
            char dec = switch (d.toLowerCase(Locale.ROOT)) {
            case ".", "point", "" -> '.';
            case ",", "comma" -> ',';
            default -> throw new FormatException("csv.decimal must be '.' or ',', not '" + d + "'", null);
            };
            if (sep == ',' && dec == ',') {
                throw new FormatException("csv.decimal ',' needs another separator than ',' (say csv.separator = ;)", null);
            }
            return new Options(sep, dec, m.get("fileName"));
        }
    }

    private final Options options;
    private final List<String> problems = new ArrayList<>();
    private Map<Column, Integer> index;
    private String text = "";
    private int[] lineStarts;

    CsvInvoiceReader(Options options) {
        this.options = options;
    }

    CsvInvoice read(InputStream in) throws FormatException, IOException {
        byte[] bytes = BOMInputStream.builder().setInputStream(in).get().readAllBytes();
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail("the file is not UTF-8 text: save it as \"CSV UTF-8\"");
        }
        if (text.isBlank()) {
            throw fail("the file is empty");
        }
        char sep = options.separator() != 0 ? options.separator() : guess(text);
        if (sep == options.decimal()) {
            throw fail("the separator and the decimal mark are both '" + sep + "': set csv.separator or csv.decimal");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(sep).setIgnoreEmptyLines(true).setTrim(true).get();
        List<CSVRecord> rows;
        try (Reader r = new java.io.StringReader(text); CSVParser parser = CSVParser.parse(r, format)) {
            rows = parser.getRecords();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            throw fail("the file is not valid CSV: " + e.getMessage());
        }
        if (rows.size() < 2) {
            throw fail("line 1: a header row naming the columns and at least one invoice line are needed");
        }
        index = header(rows.get(0));
        if (!problems.isEmpty()) {
            throw failAll();
        }
        return invoice(rows.subList(1, rows.size()));
    }

    /** The separator the header row uses most: ';', ',' or tab. */
    private static char guess(String text) {
        String first = text.lines().findFirst().orElse("");
        char best = ',';
        long most = -1;
        for (char c : new char[] { ';', ',', '\t' }) {
            long n = first.chars().filter(x -> x == c).count();
            if (n > most) {
                most = n;
                best = c;
            }
        }
        return best;
    }

    private Map<Column, Integer> header(CSVRecord row) {
        Map<String, Column> byName = new LinkedHashMap<>();
        for (Column c : Column.values()) {
            byName.put(Column.normal(c.title()), c);
        }
        Map<Column, Integer> idx = new EnumMap<>(Column.class);
        for (int i = 0; i < row.size(); i++) {
            String h = row.get(i);
            Column c = byName.get(Column.normal(h));
            if (h.isBlank()) {
                continue;
            }
            if (c == null) {
                problems.add(at(1, i, h) + "unknown column; the columns are " + titles());
            } else if (idx.putIfAbsent(c, i) != null) {
                problems.add(at(1, i, h) + "this column appears twice");
            }
        }
        for (Column c : Column.values()) {
            if (REQUIRED.contains(c) && !idx.containsKey(c)) {
                problems.add("line 1: the column " + c.title() + " is missing");
            }
        }
        if (!idx.containsKey(Column.BUYER_REFERENCE) && !idx.containsKey(Column.ORDER_REFERENCE)) {
            problems.add("line 1: a BuyerReference or an OrderReference column is needed (Peppol rule R003)");
        }
        return idx;
    }

    private static String titles() {
        List<String> t = new ArrayList<>();
        for (Column c : Column.values()) {
            t.add(c.title());
        }
        return String.join(", ", t);
    }

    private CsvInvoice invoice(List<CSVRecord> rows) throws FormatException {
        CSVRecord first = rows.get(0);
        Map<Column, String> doc = new EnumMap<>(Column.class);
        for (Column c : index.keySet()) {
            if (c.document) {
                doc.put(c, value(first, c));
            }
        }
        List<CsvInvoice.Line> lines = new ArrayList<>();
        for (CSVRecord row : rows) {
            for (Column c : index.keySet()) {
                String v = value(row, c);
                if (c.document && row != first && !v.isEmpty() && !v.equals(doc.get(c))) {
                    problems.add(at(row, c) + "'" + v + "' differs from the first line's '" + doc.get(c)
                            + "': one file is one invoice (leave it empty or repeat it)");
                }
            }
            lines.add(line(row, lines.size() + 1));
        }
        int line1 = line(first);
        String type = doc.getOrDefault(Column.DOCUMENT_TYPE, "").toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
        boolean credit = switch (type) {
        case "", "invoice", "380" -> false;
        case "creditnote", "credit", "381" -> true;
        default -> {
            problems.add(at(first, Column.DOCUMENT_TYPE) + "'" + doc.get(Column.DOCUMENT_TYPE)
                    + "' is not Invoice or CreditNote");
            yield false;
        }
        };
        String number = required(first, Column.INVOICE_NUMBER, doc);
        LocalDate issue = date(first, Column.ISSUE_DATE, doc, true);
        LocalDate due = date(first, Column.DUE_DATE, doc, false);
        String currency = required(first, Column.CURRENCY, doc).toUpperCase(Locale.ROOT);
        if (!currency.isEmpty()) {
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                problems.add(at(first, Column.CURRENCY) + "'" + currency + "' is not an ISO 4217 currency code (EUR, SEK, ...)");
            }
        }
        String buyerRef = doc.getOrDefault(Column.BUYER_REFERENCE, "");
        String orderRef = doc.getOrDefault(Column.ORDER_REFERENCE, "");
        if (buyerRef.isEmpty() && orderRef.isEmpty()) {
            problems.add("line " + line1 + ": BuyerReference or OrderReference must have a value (Peppol rule R003)");
        }
        String terms = doc.getOrDefault(Column.PAYMENT_TERMS, "");
        if (due == null && terms.isEmpty()) {
            problems.add("line " + line1 + ": a DueDate or PaymentTerms is needed when an amount is due (rule BR-CO-25)");
        }
        String means = doc.getOrDefault(Column.PAYMENT_MEANS, "");
        if (!means.isEmpty() && !means.matches("\\d{1,3}|ZZZ")) {
            problems.add(at(first, Column.PAYMENT_MEANS) + "'" + means + "' is not a UNCL4461 code (30 credit transfer, "
                    + "58 SEPA credit transfer, 49 direct debit, ...)");
        }
        CsvInvoice.Party seller = party(first, doc, true);
        CsvInvoice.Party buyer = party(first, doc, false);
        boolean reverse = lines.stream().anyMatch(l -> l != null && "AE".equals(l.vatCategory()));
        if (reverse && (buyer.vatId() == null || buyer.vatId().isEmpty())) {
            problems.add("line " + line1 + ": reverse charge (VatCategory AE) needs the buyer's BuyerVatId (rule BR-AE-04)");
        }
        CsvInvoice.Given given = new CsvInvoice.Given(amount(first, Column.TOTAL_WITHOUT_VAT, doc),
                amount(first, Column.TOTAL_VAT, doc), amount(first, Column.TOTAL_PAYABLE, doc), line1);
        if (!problems.isEmpty()) {
            throw failAll();
        }
        return new CsvInvoice(number, credit, issue, due, currency, empty(buyerRef), empty(orderRef),
                empty(doc.getOrDefault(Column.PRECEDING_INVOICE, "")), empty(terms),
                empty(doc.getOrDefault(Column.PAYMENT_ACCOUNT, "")), empty(means),
                empty(doc.getOrDefault(Column.NOTE, "")), seller, buyer, lines, given);
    }

    private CsvInvoice.Party party(CSVRecord row, Map<Column, String> doc, boolean seller) {
        Column name = seller ? Column.SELLER_NAME : Column.BUYER_NAME;
        Column endpoint = seller ? Column.SELLER_ENDPOINT : Column.BUYER_ENDPOINT;
        Column country = seller ? Column.SELLER_COUNTRY : Column.BUYER_COUNTRY;
        String n = required(row, name, doc);
        String e = required(row, endpoint, doc);
        String scheme = null;
        String id = null;
        if (!e.isEmpty()) {
            var m = ENDPOINT.matcher(e);
            if (m.matches()) {
                scheme = m.group(1);
                id = m.group(2).trim();
            } else {
                problems.add(at(row, endpoint) + "'" + e + "' is not scheme:value with a four-digit scheme (0007:5567321707, "
                        + "0088:7300010000001, 0192:987654321)");
            }
        }
        String c = required(row, country, doc).toUpperCase(Locale.ROOT);
        if (!c.isEmpty() && !COUNTRY.matcher(c).matches()) {
            problems.add(at(row, country) + "'" + c + "' is not a two-letter country code (SE, NO, DE, ...)");
        }
        String vat = seller ? required(row, Column.SELLER_VAT_ID, doc) : doc.getOrDefault(Column.BUYER_VAT_ID, "");
        return new CsvInvoice.Party(n, scheme, id, empty(vat),
                empty(doc.getOrDefault(seller ? Column.SELLER_COMPANY_ID : Column.BUYER_COMPANY_ID, "")),
                empty(doc.getOrDefault(seller ? Column.SELLER_STREET : Column.BUYER_STREET, "")),
                empty(doc.getOrDefault(seller ? Column.SELLER_CITY : Column.BUYER_CITY, "")),
                empty(doc.getOrDefault(seller ? Column.SELLER_POSTCODE : Column.BUYER_POSTCODE, "")), c);
    }

    private CsvInvoice.Line line(CSVRecord row, int n) {
        String item = value(row, Column.ITEM_NAME);
        if (item.isEmpty()) {
            problems.add(at(row, Column.ITEM_NAME) + "every line needs an item name");
        }
        BigDecimal qty = number(row, Column.QUANTITY, true);
        BigDecimal price = number(row, Column.PRICE, true);
        if (price != null && price.signum() < 0) {
            problems.add(at(row, Column.PRICE) + "a price cannot be negative (rule BR-27); use a negative Quantity to take back");
        }
        String unit = value(row, Column.UNIT_CODE).toUpperCase(Locale.ROOT);
        if (unit.isEmpty()) {
            unit = "C62";
        } else if (!UNIT.matcher(unit).matches()) {
            problems.add(at(row, Column.UNIT_CODE) + "'" + unit + "' is not a UN/ECE Rec 20 unit code (C62 one, HUR hour, "
                    + "KGM kilogram, ...)");
        }
        String cat = value(row, Column.VAT_CATEGORY).toUpperCase(Locale.ROOT);
        if (cat.isEmpty()) {
            cat = "S";
        }
        BigDecimal rate = number(row, Column.VAT_RATE, false);
        String reason = value(row, Column.VAT_EXEMPTION_REASON);
        if (!CATEGORIES.contains(cat)) {
            problems.add(at(row, Column.VAT_CATEGORY) + "'" + cat + "' is not one of S (standard or reduced rate), Z (zero "
                    + "rated), E (exempt), AE (reverse charge)");
        } else if (cat.equals("S")) {
            if (rate == null || rate.signum() <= 0) {
                problems.add(at(row, Column.VAT_RATE) + "VatCategory S needs a VatRate above 0 (rule BR-S-05)");
            }
        } else {
            if (rate != null && rate.signum() != 0) {
                problems.add(at(row, Column.VAT_RATE) + "VatCategory " + cat + " has VatRate 0, not " + rate.toPlainString());
            }
            rate = BigDecimal.ZERO;
            if (cat.equals("E") && reason.isEmpty()) {
                problems.add(at(row, Column.VAT_EXEMPTION_REASON) + "an exempt line (E) needs the reason for the exemption "
                        + "(rule BR-E-10)");
            }
            if (cat.equals("AE") && reason.isEmpty()) {
                reason = "Reverse charge";
            }
        }
        BigDecimal allowance = number(row, Column.LINE_ALLOWANCE, false);
        if (allowance != null && (allowance.signum() < 0 || allowance.scale() > 2)) {
            problems.add(at(row, Column.LINE_ALLOWANCE) + "an allowance is an amount of at most 2 decimals, not negative");
        }
        String allowanceReason = value(row, Column.LINE_ALLOWANCE_REASON);
        String id = value(row, Column.LINE_ID);
        return new CsvInvoice.Line(line(row), id.isEmpty() ? Integer.toString(n) : id, item, qty, unit, price, cat, rate,
                empty(reason), allowance == null || allowance.signum() == 0 ? null : allowance,
                allowanceReason.isEmpty() ? "Discount" : allowanceReason);
    }

    private String value(CSVRecord row, Column c) {
        Integer i = index.get(c);
        return i == null || i >= row.size() ? "" : row.get(i).trim();
    }

    private String required(CSVRecord row, Column c, Map<Column, String> doc) {
        String v = doc.getOrDefault(c, "");
        if (v.isEmpty()) {
            problems.add(at(row, c) + "a value is needed");
        }
        return v;
    }

    private LocalDate date(CSVRecord row, Column c, Map<Column, String> doc, boolean needed) {
        String v = needed ? required(row, c, doc) : doc.getOrDefault(c, "");
        if (v.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            problems.add(at(row, c) + "'" + v + "' is not a date as YYYY-MM-DD");
            return null;
        }
    }

    private BigDecimal amount(CSVRecord row, Column c, Map<Column, String> doc) {
        String v = doc.getOrDefault(c, "");
        return v.isEmpty() ? null : parse(row, c, v);
    }

    private BigDecimal number(CSVRecord row, Column c, boolean needed) {
        String v = value(row, c);
        if (v.isEmpty()) {
            if (needed) {
                problems.add(at(row, c) + "a number is needed");
            }
            return null;
        }
        return parse(row, c, v);
    }

    /** A decimal with the account's mark; no thousands separators (they are too easy to misread). */
    private BigDecimal parse(CSVRecord row, Column c, String v) {
        char other = options.decimal() == '.' ? ',' : '.';
        String s = v.replace('\u2212', '-');
        if (s.indexOf(other) >= 0 || s.contains(" ") || s.contains("\u00a0") || s.contains("'")) {
            problems.add(at(row, c) + "'" + v + "' is not a number with '" + options.decimal() + "' as the decimal mark "
                    + "and no thousands separators");
            return null;
        }
        try {
            return new BigDecimal(options.decimal() == ',' ? s.replace(',', '.') : s);
        } catch (NumberFormatException e) {
            problems.add(at(row, c) + "'" + v + "' is not a number");
            return null;
        }
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The file's line where a row starts (a quoted field may run over several lines). */
    private int line(CSVRecord row) {
        if (lineStarts == null) {
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }
        int found = java.util.Arrays.binarySearch(lineStarts, (int) row.getCharacterPosition());
        return (found >= 0 ? found : -found - 2) + 1;
    }

    private String at(CSVRecord row, Column c) {
        Integer i = index.get(c);
        return i == null ? "line " + line(row) + ", column " + c.title() + ": " : at(line(row), i, c.title());
    }

    private static String at(long line, int column, String name) {
        return "line " + line + ", column " + (column + 1) + " (" + name + "): ";
    }

    private FormatException fail(String problem) {
        return new FormatException(prefix() + problem, null);
    }

    private FormatException failAll() {
        int shown = Math.min(problems.size(), 20);
        String text = String.join("; ", problems.subList(0, shown))
                + (problems.size() > shown ? "; and " + (problems.size() - shown) + " more" : "");
        return new FormatException(prefix() + text, null);
    }

    private String prefix() {
        return options.fileName() == null ? "" : options.fileName() + ": ";
    }
}
