package secplane.bench.footprint;

/** The smallest application: what a JVM start costs with and without the agent, and nothing else. */
public final class HelloMain {
    private HelloMain() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
