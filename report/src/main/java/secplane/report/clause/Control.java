package secplane.report.clause;

import java.util.List;
import secplane.report.Text;

/** One control of the compliance report and the clauses it evidences. */
public record Control(String id, Text title, String evidence, List<Clause> clauses) {
    /** A law or standard. */
    public record Law(String id, Text name) {
    }

    /** One clause of a law or standard, with its short title. */
    public record Clause(Law law, String clause, Text title) {
    }
}
