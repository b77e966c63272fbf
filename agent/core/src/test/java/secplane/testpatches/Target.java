package secplane.testpatches;

import java.util.List;

/** A class to patch in the tests: one method of every return kind, overloads, a constructor. */
public class Target {
    public static final List<String> CALLS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final String name;

    public Target(String name) {
        this.name = name;
        CALLS.add("new " + name);
    }

    public String lookup(Object event, String key) {
        CALLS.add("lookup " + key);
        return "looked up " + key;
    }

    public static String render(String template) {
        CALLS.add("render " + template);
        return "rendered " + template;
    }

    public int count() {
        CALLS.add("count");
        return 3;
    }

    public long get(long key) {
        CALLS.add("get long");
        return key + 1;
    }

    public int get(int key) {
        CALLS.add("get int");
        return key + 1;
    }

    public void run() {
        CALLS.add("run " + name);
    }

    public boolean enabled() {
        return true;
    }

    public char grade() {
        return 'b';
    }

    public byte small() {
        return 1;
    }

    public short medium() {
        return 2;
    }

    public float ratio() {
        return 0.5f;
    }

    public double precise() {
        return 0.25;
    }

    public String[] names() {
        return new String[] {name};
    }

    public Object anything() {
        return name;
    }

    public Integer boxed() {
        return 9;
    }

    public CharSequence text() {
        return name;
    }

    public List<String> list() {
        return java.util.Collections.singletonList(name);
    }

    /** Every primitive kind as arguments, to check how the hook boxes them. */
    public static String mixed(int i, long l, double d, float f, char c, byte b, short s, boolean z, String text) {
        return i + " " + l + " " + d + " " + f + " " + c + " " + b + " " + s + " " + z + " " + text;
    }

    /** A loop at the very first instruction: its frame must stay valid after the entry code. */
    public static int loop(int n) {
        while (n > 10) {
            n -= 3;
        }
        return n;
    }

    public native void nativeCall();

    @Override
    public String toString() {
        return "Target " + name;
    }
}
