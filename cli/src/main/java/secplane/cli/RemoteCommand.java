package secplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command that talks to the control plane: maps API failures to their exit codes and messages. */
abstract class RemoteCommand implements Callable<Integer> {
    @Mixin
    Remote remote;

    @Override
    public final Integer call() throws Exception {
        try {
            return run(remote.client());
        } catch (ApiClient.ApiException e) {
            System.err.println("secplane: " + e.getMessage());
            return e.exitCode();
        }
    }

    abstract int run(ApiClient api) throws Exception;

    static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
