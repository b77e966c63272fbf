package secplane.report.pdf;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import secplane.report.ComplianceReport;
import secplane.report.ComplianceReport.Bar;
import secplane.report.ComplianceReport.Cell;
import secplane.report.ComplianceReport.Chart;
import secplane.report.ComplianceReport.EvidenceList;
import secplane.report.ComplianceReport.Figure;
import secplane.report.ComplianceReport.Section;
import secplane.report.ComplianceReport.Table;
import secplane.report.Text;
import secplane.report.Text.Lang;
import secplane.report.clause.Control;
import secplane.report.html.HtmlReport;

/**
 * The report as a PDF (Apache PDFBox): A4 pages, every number with the API query it was computed from printed
 * beside it, the event ids in an appendix. Chinese only with a CJK TrueType font ({@link PdfFonts}).
 */
public final class PdfReport {
    private static final float MARGIN = 42;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final Color INK = new Color(0x1d, 0x23, 0x30);
    private static final Color GREY = new Color(0x5a, 0x64, 0x75);
    private static final Color BLUE = new Color(0x2b, 0x5f, 0xab);
    private static final Color RULE = new Color(0xd5, 0xdb, 0xe5);

    /** What was written: the language actually used and why, when it is not the one asked for. */
    public record Written(byte[] pdf, Lang lang, String note) {
    }

    private final PDDocument doc;
    private final PDFont regular;
    private final PDFont bold;
    private final Map<PDFont, Map<Integer, Boolean>> glyphs = new HashMap<>();
    private PDPageContentStream cs;
    private float y;
    private int pages;

    private PdfReport(PDDocument doc, PDFont regular, PDFont bold) {
        this.doc = doc;
        this.regular = regular;
        this.bold = bold;
    }

    /** Renders the report; {@code cjkFont} (a TrueType file or collection) is needed for {@code lang} zh. */
    public static Written render(ComplianceReport r, Lang asked, Path cjkFont) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            Lang lang = asked;
            String note = null;
            PDFont regular;
            PDFont bold;
            java.util.Optional<Path> cjk = PdfFonts.cjk(cjkFont);
            if (asked == Lang.ZH && cjk.isPresent()) {
                regular = PdfFonts.load(doc, cjk.get());
                bold = regular;
            } else {
                if (asked == Lang.ZH) {
                    lang = Lang.EN;
                    note = "The PDF is in English: no TrueType font with Chinese glyphs was found (install fonts-wqy-microhei, or pass --font FILE.ttf|.ttc); "
                            + "the HTML report carries the Chinese text.";
                }
                regular = PdfFonts.latin(doc, false);
                bold = PdfFonts.latin(doc, true);
            }
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(HtmlReport.title().in(lang));
            info.setSubject("secplane compliance evidence for " + r.server());
            info.setCreator("secplane report compliance");
            PdfReport w = new PdfReport(doc, regular, bold);
            w.write(r, lang, note);
            w.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return new Written(out.toByteArray(), lang, note);
        }
    }

    private void write(ComplianceReport r, Lang lang, String note) throws IOException {
        newPage();
        text(bold, 18, INK, HtmlReport.title().in(lang), 0);
        y -= 6;
        wrapped(regular, 9, GREY, Text.of("Control plane ", "控制平面 ").in(lang) + r.server() + " · " + Text.of("period ", "报告期 ").in(lang) + r.from()
                + " — " + r.to() + " · " + Text.of("generated ", "生成于 ").in(lang) + r.generatedAt(), 0);
        wrapped(regular, 9, GREY, Text.of("Each number is followed by the API query it was computed from (GET, relative to the control plane; a viewer token reads it). "
                + "The event ids behind the counts are in the appendix.", "每个数字后附计算它的 API 查询（GET，相对于控制平面；查看者令牌即可读取）。计数所依据的事件编号见附录。").in(lang), 0);
        if (note != null) {
            wrapped(bold, 9, new Color(0x8a, 0x5a, 0x00), note, 0);
        }
        for (Text n : r.notes()) {
            wrapped(regular, 9, new Color(0x8a, 0x5a, 0x00), n.in(lang), 0);
        }
        int n = 0;
        for (Section s : r.sections()) {
            section(s, ++n, lang);
        }
        need(60);
        y -= 10;
        text(bold, 14, BLUE, Text.of("Appendix: event ids", "附录：事件编号").in(lang), 0);
        if (r.appendix().isEmpty()) {
            wrapped(regular, 9, INK, Text.of("No events behind the counts in this period.", "报告期内计数无对应事件。").in(lang), 0);
        }
        for (EvidenceList e : r.appendix()) {
            need(40);
            wrapped(bold, 9, INK, e.heading(), 0);
            wrapped(regular, 7, GREY, "GET " + e.query(), 8);
            wrapped(regular, 7, INK, String.join(" ", e.eventIds()), 8);
            y -= 4;
        }
    }

    private void section(Section s, int n, Lang lang) throws IOException {
        Control c = s.control();
        need(120);
        y -= 10;
        text(bold, 14, BLUE, n + ". " + c.title().in(lang), 0);
        line(MARGIN, y + 2, PAGE.getWidth() - MARGIN, y + 2, BLUE);
        y -= 6;
        text(bold, 9, INK, Text.of("Evidences", "对应条款").in(lang), 0);
        for (Control.Clause cl : c.clauses()) {
            wrapped(regular, 8, INK, "• " + cl.law().name().in(lang) + " " + cl.clause() + " — " + cl.title().in(lang), 8);
        }
        y -= 4;
        for (Figure f : s.figures()) {
            need(30);
            wrapped(regular, 9, INK, f.label().in(lang) + ":  ", 0, bold, f.value());
            wrapped(regular, 7, GREY, (f.query().startsWith("/") ? "GET " : "") + f.query(), 12);
        }
        for (Chart ch : s.charts()) {
            chart(ch, lang);
        }
        for (Table t : s.tables()) {
            table(t, lang);
        }
        for (Text note : s.notes()) {
            wrapped(regular, 8, new Color(0x8a, 0x5a, 0x00), note.in(lang), 0);
        }
    }

    private void table(Table t, Lang lang) throws IOException {
        float width = PAGE.getWidth() - 2 * MARGIN;
        int cols = t.headers().size();
        // each column gets at least its longest word (so headers never break inside a word), the rest of the
        // page goes to the columns in proportion to how much longer their texts are
        float[] min = new float[cols];
        float[] want = new float[cols];
        for (int i = 0; i < cols; i++) {
            min[i] = longestWord(bold, 7, t.headers().get(i).in(lang));
            want[i] = width(bold, 7, t.headers().get(i).in(lang));
            for (List<Cell> row : t.rows()) {
                min[i] = Math.max(min[i], Math.min(longestWord(regular, 7, row.get(i).text()), 110));
                want[i] = Math.max(want[i], Math.min(width(regular, 7, row.get(i).text()), width * 0.45f));
            }
            min[i] += 7;
            want[i] = Math.max(want[i] + 7, min[i]);
        }
        float minSum = sum(min);
        float extra = sum(want) - minSum;
        float[] w = new float[cols];
        for (int i = 0; i < cols; i++) {
            if (minSum >= width) {
                w[i] = min[i] * width / minSum;
            } else {
                w[i] = min[i] + (extra <= 0 ? (width - minSum) / cols : (want[i] - min[i]) * (width - minSum) / extra);
            }
        }
        need(40);
        text(bold, 9, INK, t.caption().in(lang), 0);
        List<String> headers = new ArrayList<>();
        t.headers().forEach(h -> headers.add(h.in(lang)));
        row(headers, w, bold, new Color(0xee, 0xf2, 0xf8));
        if (t.rows().isEmpty()) {
            row(List.of(Text.of("none", "无").in(lang)), new float[] {width}, regular, null);
        }
        for (List<Cell> cells : t.rows()) {
            List<String> texts = new ArrayList<>();
            cells.forEach(c -> texts.add(c.text()));
            row(texts, w, regular, null);
        }
        y -= 8;
    }

    private void row(List<String> cells, float[] w, PDFont font, Color fill) throws IOException {
        float size = 7;
        float lead = 8.5f;
        List<List<String>> lines = new ArrayList<>();
        int most = 1;
        for (int i = 0; i < cells.size(); i++) {
            List<String> l = wrap(font, size, cells.get(i), w[i] - 6);
            lines.add(l);
            most = Math.max(most, l.size());
        }
        float h = most * lead + 4;
        need(h + 2);
        float x = MARGIN;
        if (fill != null) {
            cs.setNonStrokingColor(fill);
            cs.addRect(MARGIN, y - h, sum(w), h);
            cs.fill();
        }
        for (int i = 0; i < cells.size(); i++) {
            cs.setStrokingColor(RULE);
            cs.setLineWidth(0.5f);
            cs.addRect(x, y - h, w[i], h);
            cs.stroke();
            float ly = y - lead + 1;
            for (String s : lines.get(i)) {
                show(font, size, INK, x + 3, ly, s);
                ly -= lead;
            }
            x += w[i];
        }
        y -= h;
    }

    private void chart(Chart ch, Lang lang) throws IOException {
        float rowH = 13;
        float labelW = 190;
        float barW = PAGE.getWidth() - 2 * MARGIN - labelW - 60;
        need(ch.bars().size() * rowH + 26);
        text(bold, 9, INK, ch.title().in(lang), 0);
        double max = ch.bars().stream().mapToDouble(Bar::value).max().orElse(0);
        for (Bar b : ch.bars()) {
            float w = (float) (max <= 0 ? 0 : b.value() / max * barW);
            String label = fit(regular, 7, b.label(), labelW - 6);
            show(regular, 7, INK, MARGIN + labelW - 6 - width(regular, 7, label), y - 9, label);
            cs.setNonStrokingColor(BLUE);
            cs.addRect(MARGIN + labelW, y - rowH + 2, Math.max(w, 0.5f), rowH - 4);
            cs.fill();
            show(regular, 7, INK, MARGIN + labelW + w + 4, y - 9, b.shown());
            y -= rowH;
        }
        y -= 8;
    }

    // ---- text layout ---------------------------------------------------------------------------------------------

    private void text(PDFont font, float size, Color color, String s, float indent) throws IOException {
        need(size * 1.4f);
        y -= size * 1.25f;
        show(font, size, color, MARGIN + indent, y, fit(font, size, s, PAGE.getWidth() - 2 * MARGIN - indent));
        y -= size * 0.3f;
    }

    private void wrapped(PDFont font, float size, Color color, String s, float indent) throws IOException {
        wrapped(font, size, color, s, indent, null, null);
    }

    /** A paragraph, optionally ending in an emphasised run (a figure's value) on its last line. */
    private void wrapped(PDFont font, float size, Color color, String s, float indent, PDFont emFont, String em) throws IOException {
        float width = PAGE.getWidth() - 2 * MARGIN - indent;
        List<String> lines = wrap(font, size, s, width);
        for (int i = 0; i < lines.size(); i++) {
            need(size * 1.35f);
            y -= size * 1.3f;
            show(font, size, color, MARGIN + indent, y, lines.get(i));
            if (i == lines.size() - 1 && em != null) {
                float x = MARGIN + indent + width(font, size, lines.get(i)) + size * 0.4f;
                show(emFont, size + 1, INK, x, y, fit(emFont, size + 1, em, PAGE.getWidth() - MARGIN - x));
            }
        }
    }

    /** Splits at spaces, and inside words longer than a line (queries, ids, Chinese text). */
    private List<String> wrap(PDFont font, float size, String s, float width) throws IOException {
        List<String> out = new ArrayList<>();
        String text = clean(font, s);
        StringBuilder line = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int next = text.indexOf(' ', i);
            String word = next < 0 ? text.substring(i) : text.substring(i, next + 1);
            i = next < 0 ? text.length() : next + 1;
            if (width(font, size, line + word.stripTrailing()) <= width) {
                line.append(word);
                continue;
            }
            if (line.length() > 0) {
                out.add(line.toString().stripTrailing());
                line.setLength(0);
            }
            while (width(font, size, word.stripTrailing()) > width) {
                int cut = word.length() - 1;
                while (cut > 1 && width(font, size, word.substring(0, cut)) > width) {
                    cut--;
                }
                out.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            line.append(word);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private String fit(PDFont font, float size, String s, float width) throws IOException {
        String t = clean(font, s);
        if (width(font, size, t) <= width) {
            return t;
        }
        while (t.length() > 1 && width(font, size, t + "…") > width) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /** Replaces what the font cannot draw (e.g. Chinese in the Latin font) by '?', so that rendering never fails. */
    private String clean(PDFont font, String s) {
        Map<Integer, Boolean> known = glyphs.computeIfAbsent(font, f -> new HashMap<>());
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\n' || cp == '\t') {
                cp = ' ';
            }
            int c = cp;
            boolean ok = known.computeIfAbsent(c, k -> {
                try {
                    font.encode(new String(Character.toChars(k)));
                    return true;
                } catch (IOException | IllegalArgumentException e) {
                    return false;
                }
            });
            b.appendCodePoint(ok ? c : '?');
        });
        return b.toString();
    }

    private float longestWord(PDFont font, float size, String s) throws IOException {
        float most = 0;
        for (String word : s.split(" ")) {
            most = Math.max(most, width(font, size, word));
        }
        return most;
    }

    private float width(PDFont font, float size, String s) throws IOException {
        return font.getStringWidth(clean(font, s)) / 1000 * size;
    }

    private void show(PDFont font, float size, Color color, float x, float yy, String s) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.setNonStrokingColor(color);
        cs.newLineAtOffset(x, yy);
        cs.showText(clean(font, s));
        cs.endText();
    }

    private void line(float x1, float y1, float x2, float y2, Color c) throws IOException {
        cs.setStrokingColor(c);
        cs.setLineWidth(1);
        cs.moveTo(x1, y1);
        cs.lineTo(x2, y2);
        cs.stroke();
    }

    private static float sum(float[] w) {
        float s = 0;
        for (float f : w) {
            s += f;
        }
        return s;
    }

    private void need(float height) throws IOException {
        if (y - height < MARGIN + 14) {
            newPage();
        }
    }

    private void newPage() throws IOException {
        close();
        PDPage page = new PDPage(PAGE);
        doc.addPage(page);
        cs = new PDPageContentStream(doc, page);
        pages++;
        show(regular, 7, GREY, MARGIN, MARGIN - 16, "secplane · " + pages);
        y = PAGE.getHeight() - MARGIN;
    }

    private void close() throws IOException {
        if (cs != null) {
            cs.close();
            cs = null;
        }
    }
}
