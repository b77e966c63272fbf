package secplane.governance.detectors;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A detector that validates engine-cut candidates: a validation function gives the base confidence
 * (0 rejects), then context votes adjust it. Context-only types (QQ numbers, postal codes) have a low base
 * and are only considered when the text holds one of their keywords or the field names them.
 */
final class CandidateRule implements Detector {
    private final String type;
    private final Region region;
    private final String rule;
    private final Context context;
    private final ToDoubleFunction<Candidate> validator;
    private final boolean needsContext;

    CandidateRule(String type, Region region, String rule, Context context, boolean needsContext, ToDoubleFunction<Candidate> validator) {
        this.type = type;
        this.region = region;
        this.rule = rule;
        this.context = context;
        this.validator = validator;
        this.needsContext = needsContext;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public String rule() {
        return rule;
    }

    Context context() {
        return context;
    }

    boolean needsContext() {
        return needsContext;
    }


    @Override
    public void candidate(Candidate c, String field, List<Finding> out) {
        double base = validator.applyAsDouble(c);
        if (base <= 0) {
            return;
        }
        if (needsContext && context.fieldVote(field) <= 0 && context.keywordVote(c.text(), c.start(), c.end()) <= 0) {
            return;
        }
        double conf = context.score(base, c.text(), c.start(), c.end(), field);
        out.add(new Finding(type, c.start(), c.end(), c.text().substring(c.start(), c.end()), conf));
    }
}
