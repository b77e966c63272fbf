package secplane.testbeds.vulnapp;

import java.nio.file.Path;
import java.util.List;

/** Command line of {@link VulnApp}. */
record Options(int port, Path webapp, Path work, boolean ignoreStdin) {

    static final String USAGE =
            "usage: VulnApp --port <n, 0 = ephemeral> --webapp <exploded webapp dir> --work <dir> [--ignore-stdin]";

    static Options parse(List<String> args) {
        Integer port = null;
        Path webapp = null;
        Path work = null;
        boolean ignoreStdin = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--port" -> port = parsePort(value(args, ++i, arg));
                case "--webapp" -> webapp = Path.of(value(args, ++i, arg));
                case "--work" -> work = Path.of(value(args, ++i, arg));
                case "--ignore-stdin" -> ignoreStdin = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (port == null || webapp == null || work == null) {
            throw new IllegalArgumentException("--port, --webapp and --work are all required");
        }
        return new Options(port, webapp, work, ignoreStdin);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be 0..65535, got '" + text + "'");
        }
    }
}
