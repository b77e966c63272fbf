package secplane.report;

import java.util.List;
import java.util.Optional;
import secplane.report.clause.Control;

/**
 * What the plane has observed, control by control, each number with the API query it was computed from
 * (relative to {@link #server()}), and the event ids behind the numbers in {@link #appendix()}.
 */
public record ComplianceReport(String server, String generatedAt, String from, String to, List<Section> sections, List<EvidenceList> appendix,
        List<Text> notes) {

    /** One number, with the query that reproduces it. */
    public record Figure(String id, Text label, String value, String query) {
    }

    /** A table cell; a cell with a query links to it. */
    public record Cell(String text, String query) {
        public static Cell of(Object text) {
            return new Cell(text == null ? "" : String.valueOf(text), null);
        }

        public static Cell linked(Object text, String query) {
            return new Cell(text == null ? "" : String.valueOf(text), query);
        }
    }

    public record Table(Text caption, List<Text> headers, List<List<Cell>> rows) {
    }

    /** One bar of a chart: a label, its value, and the value as shown. */
    public record Bar(String label, double value, String shown) {
    }

    public record Chart(String id, Text title, List<Bar> bars) {
    }

    /** One control of the report: its clauses, figures, charts and tables. */
    public record Section(Control control, List<Figure> figures, List<Chart> charts, List<Table> tables, List<Text> notes) {
    }

    /** Event ids behind a number, with the query that lists them. */
    public record EvidenceList(String heading, String query, List<String> eventIds) {
    }

    public Optional<Figure> figure(String id) {
        return sections.stream().flatMap(s -> s.figures().stream()).filter(f -> f.id().equals(id)).findFirst();
    }

    public Optional<Section> section(String controlId) {
        return sections.stream().filter(s -> s.control().id().equals(controlId)).findFirst();
    }
}
