package secplane.agent.core.aspects;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import secplane.bootstrap.JoinPoints;

/**
 * Turns the raw arguments that woven code hands over into the documented, stable arguments of each
 * join point (docs/join-points.md), so that aspects never depend on JDK internals.
 */
final class Arguments {
    private Arguments() {
    }

    /** @return the normalised arguments, or null when the call is of no interest (a read-only open) */
    static Object[] normalise(int joinPoint, Object[] raw) {
        switch (joinPoint) {
            case JoinPoints.JNDI_LOOKUP:
                return new Object[] {String.valueOf(raw[0])};
            case JoinPoints.DESERIALIZE_CLASS:
                return deserialize(raw);
            case JoinPoints.PROCESS_START:
                return process(raw);
            case JoinPoints.FILE_WRITE:
                return file(raw);
            case JoinPoints.SPRING_BIND:
                return new Object[] {propertyName(raw[0])};
            case JoinPoints.SCRIPT_EVAL:
                return new Object[] {raw.length > 0 && raw[0] instanceof String ? raw[0] : "<" + (raw.length > 0 && raw[0] != null ? raw[0].getClass().getName() : "script") + ">"};
            default:
                return raw;
        }
    }

    /** {@code deserialize.class}: {String class name, Class or null}; raw is {ObjectStreamClass, Class} or {proxy Class, "proxy"}. */
    private static Object[] deserialize(Object[] raw) {
        if (raw.length == 2 && "proxy".equals(raw[1])) {
            Class<?> proxy = (Class<?>) raw[0];
            return proxy == null ? null : new Object[] {proxy.getName(), proxy};
        }
        return new Object[] {((java.io.ObjectStreamClass) raw[0]).getName(), raw[1]};
    }

    /** A property path given as a String or as Spring's PropertyValue (read through its public getName). */
    private static String propertyName(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        try {
            return String.valueOf(value.getClass().getMethod("getName").invoke(value));
        } catch (ReflectiveOperationException e) {
            return String.valueOf(value);
        }
    }

    /** {@code process.start}: {String[] command, String directory or null}. */
    private static Object[] process(Object[] raw) {
        Charset cs = Charset.defaultCharset();
        List<String> command = new ArrayList<>();
        byte[] prog = (byte[]) raw[0];
        command.add(cString(prog, 0, cs));
        byte[] block = (byte[]) raw[1];
        if (block != null) {
            int start = 0;
            for (int i = 0; i < block.length; i++) {
                if (block[i] == 0) {
                    command.add(new String(block, start, i - start, cs));
                    start = i + 1;
                }
            }
        }
        byte[] dir = (byte[]) raw[2];
        return new Object[] {command.toArray(new String[0]), dir == null ? null : cString(dir, 0, cs)};
    }

    private static String cString(byte[] b, int from, Charset cs) {
        if (b == null) {
            return "";
        }
        int end = from;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, cs);
    }

    /** {@code file.write}: {String absolute path, String operation}. */
    private static Object[] file(Object[] raw) {
        Object target = raw[0];
        String path;
        if (target instanceof File) {
            path = ((File) target).getAbsolutePath();
        } else if (target instanceof Path) {
            path = ((Path) target).toAbsolutePath().toString();
        } else if (target == null) {
            return null;
        } else {
            path = new File(target.toString()).getAbsolutePath();
        }
        Object op = raw.length > 1 ? raw[1] : "write";
        String operation;
        if (raw.length == 3 && "raf".equals(raw[2])) {
            // RandomAccessFile(File, mode): only modes that write
            if (op == null || op.toString().indexOf('w') < 0) {
                return null;
            }
            operation = "write";
        } else if (op instanceof Boolean) {
            operation = (Boolean) op ? "append" : "write";
        } else if (op instanceof Set) {
            Set<?> options = (Set<?>) op;
            if (options.contains(StandardOpenOption.APPEND)) {
                operation = "append";
            } else if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.CREATE)
                    || options.contains(StandardOpenOption.CREATE_NEW)) {
                operation = "write";
            } else {
                return null;
            }
        } else {
            operation = String.valueOf(op);
        }
        return new Object[] {path, operation};
    }
}
