package secplane.agent.core.weaving;

import net.bytebuddy.asm.Advice;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/** {@code file.write}: the narrowest places where java.io and NIO open, create, move or copy a file for writing. */
public final class FileWriteAdvice {
    private FileWriteAdvice() {
    }

    /** {@code FileOutputStream(File, boolean)}, to which every other path-taking constructor delegates. */
    public static final class OutputStreamOpen {
        private OutputStreamOpen() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object file, @Advice.Argument(1) boolean append) {
            if ((Dispatcher.active & (1 << JoinPoints.FILE_WRITE)) != 0) {
                Dispatcher.dispatch(JoinPoints.FILE_WRITE, null, new Object[] {file, append ? "append" : "write"});
            }
        }
    }

    /** {@code RandomAccessFile(File, String mode)}; only modes that write are of interest. */
    public static final class RandomAccessOpen {
        private RandomAccessOpen() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object file, @Advice.Argument(1) String mode) {
            if ((Dispatcher.active & (1 << JoinPoints.FILE_WRITE)) != 0 && mode != null && mode.indexOf('w') >= 0) {
                Dispatcher.dispatch(JoinPoints.FILE_WRITE, null, new Object[] {file, "write"});
            }
        }
    }

    /** NIO {@code newByteChannel/newFileChannel/newAsynchronousFileChannel(Path, Set<OpenOption>, ...)}. */
    public static final class ChannelOpen {
        private ChannelOpen() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object path, @Advice.Argument(1) Object options) {
            if ((Dispatcher.active & (1 << JoinPoints.FILE_WRITE)) != 0) {
                Dispatcher.dispatch(JoinPoints.FILE_WRITE, null, new Object[] {path, options});
            }
        }
    }

    /** NIO {@code copy/move(Path source, Path target, ...)} and {@code File.renameTo(File)}: the target is written. */
    public static final class Relocate {
        private Relocate() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Origin("#m") String method, @Advice.AllArguments Object[] args) {
            if ((Dispatcher.active & (1 << JoinPoints.FILE_WRITE)) != 0) {
                Object target = args.length > 1 ? args[1] : args[0];
                Dispatcher.dispatch(JoinPoints.FILE_WRITE, null, new Object[] {target, method});
            }
        }
    }
}
