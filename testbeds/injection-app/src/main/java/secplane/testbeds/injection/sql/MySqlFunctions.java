package secplane.testbeds.injection.sql;

/** MySQL functions that H2 lacks, registered as H2 aliases. */
public final class MySqlFunctions {

    private MySqlFunctions() {
    }

    /** MySQL's {@code SLEEP(seconds)}: pauses, capped at 10 s, and returns 0. */
    public static int sleep(double seconds) throws InterruptedException {
        long millis = (long) (Math.min(Math.max(seconds, 0), 10) * 1000);
        Thread.sleep(millis);
        return 0;
    }
}
