package org.serverconnect.itest.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The figures of one benchmark run: one row per measurement, each with the baselines it is compared with (measured
 * in the same run) and, where the issue sets one, the goal. Printed as a table and written as JSON.
 */
final class Results {
    /** One measured figure; {@code higherIsBetter} says which way the ratio and the goal read. */
    record Row(String benchmark, String what, double value, String unit, boolean higherIsBetter, String goal, Boolean met,
            Map<String, Double> baselines, String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();

    synchronized void add(Row row) {
        rows.add(row);
        System.out.println(format(row));
    }

    /** A figure with its baselines (name → value, same unit) and a goal: {@code null} when the issue sets none. */
    void add(String benchmark, String what, double value, String unit, boolean higherIsBetter, Map<String, Double> baselines,
            String goal, Boolean met, String note) {
        add(new Row(benchmark, what, round(value), unit, higherIsBetter, goal, met, baselines, note));
    }

    synchronized void fact(String key, Object value) {
        facts.put(key, value);
    }

    synchronized String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%n%-16s %-52s %12s %-10s  %s%n", "benchmark", "measure", "value", "unit",
                "beside (ratio us/it) · goal"));
        for (Row r : rows) {
            b.append(format(r)).append('\n');
        }
        return b.toString();
    }

    private static String format(Row r) {
        StringBuilder side = new StringBuilder();
        r.baselines().forEach((k, v) -> side.append(side.length() > 0 ? "; " : "")
                .append(String.format(Locale.ROOT, "%s %s (%.2f)", k, number(v), v == 0 ? 0 : r.value() / v)));
        if (r.goal() != null) {
            side.append(side.length() > 0 ? " · " : "").append("goal ").append(r.goal())
                    .append(r.met() == null ? "" : r.met() ? ": met" : ": NOT met");
        }
        if (r.note() != null) {
            side.append(side.length() > 0 ? " · " : "").append(r.note());
        }
        return String.format(Locale.ROOT, "%-16s %-52s %12s %-10s  %s", r.benchmark(), r.what(), number(r.value()), r.unit(),
                side);
    }

    private static String number(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    synchronized void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("facts", facts);
        all.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), all);
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
