package secplane.testbeds.injection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Command line of {@link InjectionApp}. */
record Options(ServerKind server, int port, Path work, List<String> fetchAllow, boolean ignoreStdin) {

    static final String USAGE = "usage: InjectionApp --server tomcat|jetty --port <n, 0 = ephemeral> --work <dir>"
            + " [--fetch-allow host,host,...] [--ignore-stdin]";

    /** Hosts the safe fetch twins accept when {@code --fetch-allow} is not given. */
    static final List<String> DEFAULT_FETCH_ALLOW = List.of("example.com", "www.example.com", "example.org");

    static Options parse(List<String> args) {
        ServerKind server = null;
        Integer port = null;
        Path work = null;
        List<String> fetchAllow = DEFAULT_FETCH_ALLOW;
        boolean ignoreStdin = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--server" -> server = ServerKind.parse(value(args, ++i, arg));
                case "--port" -> port = parsePort(value(args, ++i, arg));
                case "--work" -> work = Path.of(value(args, ++i, arg));
                case "--fetch-allow" -> fetchAllow = parseHosts(value(args, ++i, arg));
                case "--ignore-stdin" -> ignoreStdin = true;
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (server == null || port == null || work == null) {
            throw new IllegalArgumentException("--server, --port and --work are all required");
        }
        return new Options(server, port, work, fetchAllow, ignoreStdin);
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

    private static List<String> parseHosts(String text) {
        List<String> hosts = new ArrayList<>();
        for (String host : text.split(",")) {
            if (!host.isBlank()) {
                hosts.add(host.trim().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(hosts);
    }
}
