package secplane.bench.patches;

/**
 * The method {@link PatchCallBenchmarks} calls, as small as a real lookup entry point and not
 * trivially foldable: a patch's entry hook is woven into {@link #lookup}.
 */
public final class LookupTarget {
    private LookupTarget() {
    }

    public static String lookup(String key) {
        return key.length() > 3 ? key : "short";
    }
}
