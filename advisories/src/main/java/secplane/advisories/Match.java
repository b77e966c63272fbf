package secplane.advisories;

import java.util.List;

/**
 * One advisory that concerns a component, with the verdict and the evidence for it.
 *
 * @param advisory  the advisory
 * @param component the component as it was asked about
 * @param verdict   affected, or possibly affected and why it could not be decided
 * @param evidence  the ranges or listed versions that matched, or, when the version is unknown, what
 *                  the advisory says is affected
 */
public record Match(Advisory advisory, Component component, Verdict verdict, List<Evidence> evidence) {
    public Match {
        evidence = List.copyOf(evidence);
    }

    public enum Verdict {
        /** The version lies in a range or is listed in {@code versions}. */
        AFFECTED,
        /**
         * Possibly affected, version unknown: the advisory names the package but the component's
         * version is not known (a shaded copy without coordinates, for instance). Never a silent miss.
         */
        VERSION_UNKNOWN,
        /**
         * Possibly affected: a range of the advisory cannot order this version (a version that is not
         * SemVer against a SEMVER range, for instance) and nothing else matched it.
         */
        VERSION_UNORDERABLE
    }

    /** True for {@link Verdict#AFFECTED}. */
    public boolean affected() {
        return verdict == Verdict.AFFECTED;
    }
}
