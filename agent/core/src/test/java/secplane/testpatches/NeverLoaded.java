package secplane.testpatches;

/** A class on the test class path that no test loads: a patch on it waits for it. */
public final class NeverLoaded {
    private NeverLoaded() {
    }

    public static String lookup(String key) {
        return key;
    }
}
