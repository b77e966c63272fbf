package secplane.report.pdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The fonts embedded in the PDF. Chinese text needs a TrueType font with CJK glyphs (PDFBox embeds TrueType
 * outlines, not the CFF outlines of OpenType CJK fonts), found at {@code --font} or at the paths of the Debian
 * packages {@code fonts-wqy-microhei} and {@code fonts-wqy-zenhei}; without one the PDF is written in English.
 */
public final class PdfFonts {
    /** Debian's locations of TrueType fonts with CJK glyphs. */
    static final List<Path> CJK_CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"));
    /** A Unicode Latin font that is nearly always there; the PDF's built-in Helvetica otherwise. */
    static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    static final Path DEJAVU_BOLD = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    private PdfFonts() {
    }

    /** A CJK TrueType font: the one given, else the first installed candidate. */
    public static Optional<Path> cjk(Path given) {
        if (given != null) {
            return Optional.of(given);
        }
        return CJK_CANDIDATES.stream().filter(Files::isReadable).findFirst();
    }

    static PDFont load(PDDocument doc, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".ttc")) {
            TrueTypeCollection ttc = new TrueTypeCollection(file.toFile());
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> {
                if (first[0] == null) {
                    first[0] = f;
                }
            });
            if (first[0] == null) {
                throw new IOException(file + " holds no font");
            }
            return PDType0Font.load(doc, first[0], true);
        }
        return PDType0Font.load(doc, file.toFile());
    }

    static PDFont latin(PDDocument doc, boolean bold) throws IOException {
        Path p = bold ? DEJAVU_BOLD : DEJAVU;
        if (Files.isReadable(p)) {
            return PDType0Font.load(doc, p.toFile());
        }
        return new PDType1Font(bold ? Standard14Fonts.FontName.HELVETICA_BOLD : Standard14Fonts.FontName.HELVETICA);
    }
}
