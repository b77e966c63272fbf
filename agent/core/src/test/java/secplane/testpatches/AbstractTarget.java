package secplane.testpatches;

/** An abstract method: nothing to patch in it. */
public abstract class AbstractTarget {
    public abstract String resolve(String name);
}
