package secplane.testrequests;

import java.util.concurrent.Callable;

/** Takes tasks the way an executor does, woven with task wrapping by the weaving tests. */
public class Submitter {
    public Object last;

    public void submit(Runnable task) {
        last = task;
    }

    public static Object call(long delay, Callable<?> task) {
        return task;
    }
}
