package secplane.drill.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The attack cases by category, in the order of {@link Categories#ALL}. */
public record Corpus(Map<String, List<AttackCase>> byCategory) {

    public List<AttackCase> all() {
        List<AttackCase> out = new ArrayList<>();
        byCategory.values().forEach(out::addAll);
        return out;
    }

    /** The cases of the named categories; an unknown name is an error that lists the known ones. */
    public Corpus suite(Collection<String> categories) {
        Map<String, List<AttackCase>> out = new LinkedHashMap<>();
        for (String c : categories) {
            if (!Categories.ALL.contains(c)) {
                throw new IllegalArgumentException("unknown category '" + c + "' in the suite; choose from " + String.join(",", Categories.ALL));
            }
        }
        for (String c : Categories.ALL) {
            if (categories.contains(c) && byCategory.containsKey(c)) {
                out.put(c, byCategory.get(c));
            }
        }
        return new Corpus(out);
    }
}
