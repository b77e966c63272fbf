package secplane.testpatches;

/** An argument whose toString fails: a block-if patch must let the call run. */
public final class Hostile {
    @Override
    public String toString() {
        throw new IllegalStateException("no text for you");
    }
}
