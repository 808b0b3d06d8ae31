package org.serverconnect.format.csv.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.serverconnect.api.format.FormatException;

/**
 * The amounts of an invoice as EN 16931 computes them, in {@link BigDecimal}, rounded half up to two decimals where
 * the standard says an amount has two:
 * <ul>
 * <li>line net amount (BT-131) = quantity × price − line allowance, rounded (BR-DEC-23);</li>
 * <li>sum of line net amounts (BT-106) = Σ BT-131 (BR-CO-10); no document-level allowances or charges, so the total
 * without VAT (BT-109) is the same;</li>
 * <li>per VAT category and rate: taxable amount (BT-116) = Σ of its lines' net amounts (BR-S-08, BR-Z-08, BR-E-08,
 * BR-AE-08), tax (BT-117) = taxable × rate / 100, rounded (BR-CO-17);</li>
 * <li>total VAT (BT-110) = Σ BT-117 (BR-CO-14); total with VAT (BT-112) = BT-109 + BT-110 (BR-CO-15); amount due
 * (BT-115) = BT-112 (nothing prepaid, no rounding amount).</li>
 * </ul>
 * Totals carried by the file are compared with these, never used: a difference refuses the file with both values.
 */
record Totals(List<BigDecimal> lineNets, List<VatGroup> groups, BigDecimal lineTotal, BigDecimal vatTotal,
        BigDecimal withVat, BigDecimal payable, BigDecimal allowances) {

    /** One row of the VAT breakdown. */
    record VatGroup(String category, BigDecimal rate, BigDecimal taxable, BigDecimal tax, String exemptionReason) {
    }

    static BigDecimal round(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    static Totals of(CsvInvoice inv, String fileName) throws FormatException {
        List<BigDecimal> nets = new ArrayList<>();
        Map<String, BigDecimal> taxable = new LinkedHashMap<>();
        Map<String, CsvInvoice.Line> firstOfGroup = new LinkedHashMap<>();
        BigDecimal allowances = BigDecimal.ZERO.setScale(2);
        for (CsvInvoice.Line l : inv.lines()) {
            BigDecimal net = round(l.quantity().multiply(l.price()));
            if (l.allowance() != null) {
                net = net.subtract(l.allowance());
                allowances = allowances.add(l.allowance());
            }
            nets.add(net);
            String key = l.vatCategory() + "/" + l.vatRate().stripTrailingZeros().toPlainString();
            taxable.merge(key, net, BigDecimal::add);
            firstOfGroup.putIfAbsent(key, l);
        }
        List<VatGroup> groups = new ArrayList<>();
        BigDecimal vat = BigDecimal.ZERO.setScale(2);
        for (Map.Entry<String, BigDecimal> g : taxable.entrySet()) {
            CsvInvoice.Line first = firstOfGroup.get(g.getKey());
            BigDecimal tax = round(g.getValue().multiply(first.vatRate()).movePointLeft(2));
            vat = vat.add(tax);
            groups.add(new VatGroup(first.vatCategory(), first.vatRate(), g.getValue(), tax, first.exemptionReason()));
        }
        BigDecimal lineTotal = nets.stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        BigDecimal withVat = lineTotal.add(vat);
        Totals t = new Totals(nets, groups, lineTotal, vat, withVat, withVat, allowances);
        t.compare(inv.given(), fileName);
        if (inv.creditNote() && withVat.signum() < 0) {
            throw new FormatException(prefix(fileName) + "a credit note's amounts are positive (it credits them); this one "
                    + "comes to " + withVat.toPlainString() + ": make the quantities positive", null);
        }
        return t;
    }

    private void compare(CsvInvoice.Given given, String fileName) throws FormatException {
        List<String> differ = new ArrayList<>();
        differs(differ, "TotalWithoutVat", given.withoutVat(), lineTotal);
        differs(differ, "TotalVat", given.vat(), vatTotal);
        differs(differ, "TotalPayable", given.payable(), payable);
        if (!differ.isEmpty()) {
            throw new FormatException(prefix(fileName) + "line " + given.fileLine() + ": " + String.join("; ", differ)
                    + " (computed as EN 16931 requires from the lines; nothing was sent)", null);
        }
    }

    private static void differs(List<String> out, String column, BigDecimal given, BigDecimal computed) {
        if (given != null && given.compareTo(computed) != 0) {
            out.add("column " + column + " says " + given.toPlainString() + " but the lines come to " + computed.toPlainString());
        }
    }

    private static String prefix(String fileName) {
        return fileName == null ? "" : fileName + ": ";
    }
}
