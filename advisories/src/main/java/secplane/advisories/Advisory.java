package secplane.advisories;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One vulnerability advisory in the OSV format, schema 1.x (ossf/osv-schema, docs/schema.md). Only
 * {@link #id()} and {@link #modified()} are required; lists and objects that the document omitted
 * are empty, optional strings and times are null.
 *
 * @param schemaVersion    the {@code schema_version} the document declared, or null (meaning 1.0.0)
 * @param id               {@code <DB>-<ENTRYID>}, e.g. {@code GHSA-jfh8-c2jp-5v3q} or {@code CVE-2021-44228}
 * @param modified         when the entry last changed; of two entries with one id the later one is
 *                         authoritative (OSV schema, "id, modified fields")
 * @param published        when it was published, or null
 * @param withdrawn        when it was withdrawn, or null; a withdrawn advisory matches nothing
 * @param aliases          ids of the same vulnerability in other databases
 * @param related          ids of closely related vulnerabilities
 * @param upstream         ids of upstream vulnerabilities this entry refers to
 * @param summary          one line of plain text, or null
 * @param details          CommonMark, or null
 * @param severity         scores, empty when absent
 * @param affected         the affected packages and their versions
 * @param references       links, empty when absent
 * @param credits          credits, empty when absent
 * @param databaseSpecific the top-level {@code database_specific} object, empty when absent
 */
public record Advisory(String schemaVersion, String id, Instant modified, Instant published, Instant withdrawn,
        List<String> aliases, List<String> related, List<String> upstream, String summary, String details,
        List<Severity> severity, List<Affected> affected, List<Reference> references, List<Credit> credits,
        Map<String, Object> databaseSpecific) {

    public Advisory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(modified, "modified");
        aliases = List.copyOf(aliases);
        related = List.copyOf(related);
        upstream = List.copyOf(upstream);
        severity = List.copyOf(severity);
        affected = List.copyOf(affected);
        references = List.copyOf(references);
        credits = List.copyOf(credits);
        databaseSpecific = Osv.frozen(databaseSpecific);
    }

    /** A minimal advisory, as tests and hand-written entries need it. */
    public static Advisory of(String id, Instant modified, List<String> aliases, String summary, List<Affected> affected) {
        return new Advisory(null, id, modified, null, null, aliases, List.of(), List.of(), summary, null,
                List.of(), affected, List.of(), List.of(), Map.of());
    }

    /**
     * Whether the advisory counts as withdrawn at {@code when}: the OSV {@code withdrawn} field gives
     * the time from which the entry "should be considered to have been withdrawn".
     */
    public boolean withdrawnAt(Instant when) {
        return withdrawn != null && !withdrawn.isAfter(when);
    }

    /** The id followed by the aliases: every name an operator may search this advisory by. */
    public List<String> ids() {
        List<String> out = new ArrayList<>(1 + aliases.size());
        out.add(id);
        out.addAll(aliases);
        return out;
    }
}
