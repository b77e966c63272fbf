package secplane.e2e.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.naming.InitialContext;
import javax.script.ScriptEngineManager;

/**
 * A small application driven line by line over stdin, run in a child JVM with and without the
 * agent. Each command touches one join point through real code and answers one line:
 * {@code ok <detail>}, {@code blocked <message>} (a SecurityException reached the caller) or
 * {@code error <exception>}.
 */
public final class ProbeApp {
    private static final AtomicLong SERVED = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    /** Loaders of jars loaded at run time ("load"), kept so that their classes stay loaded. */
    private static final List<ClassLoader> LOADERS = new ArrayList<>();

    private ProbeApp() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("PROBE READY pid=" + ProcessHandle.current().pid() + " java=" + System.getProperty("java.version"));
        System.out.flush();
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ", 2);
            if (cmd[0].equals("quit")) {
                break;
            }
            String arg = cmd.length > 1 ? cmd[1] : "";
            String answer;
            try {
                answer = "ok " + run(cmd[0], arg);
            } catch (SecurityException e) {
                answer = "blocked " + e.getMessage();
            } catch (Throwable e) {
                Throwable root = e;
                while (root.getCause() != null && !(root instanceof SecurityException)) {
                    root = root.getCause();
                }
                answer = root instanceof SecurityException ? "blocked " + root.getMessage() : "error " + e;
            }
            System.out.println("> " + answer.replace('\n', ' '));
            System.out.flush();
        }
    }

    private static String run(String command, String arg) throws Exception {
        switch (command) {
            case "jndi": {
                Hashtable<String, String> env = new Hashtable<>();
                env.put("com.sun.jndi.ldap.connect.timeout", "1000");
                env.put("com.sun.jndi.ldap.read.timeout", "1000");
                try {
                    Object o = new InitialContext(env).lookup(arg);
                    return "looked up " + o;
                } catch (javax.naming.NamingException e) {
                    return "naming exception " + e.getClass().getSimpleName();
                }
            }
            case "deser-gadget": {
                // an InvokerTransformer alone is enough to show that the class is stopped at resolution
                Object gadget = new org.apache.commons.collections.functors.InvokerTransformer("toString", new Class[0], new Object[0]);
                return "read " + roundTrip(gadget).getClass().getName();
            }
            case "deser-list":
                return "read " + roundTrip(new ArrayList<>(List.of(1, 2, 3)));
            case "exec":
                return "exit " + Runtime.getRuntime().exec(arg.split(" ")).waitFor();
            case "pb":
                return "exit " + new ProcessBuilder(arg.split(" ")).start().waitFor();
            case "exec-internal": {
                // straight into the JDK's internal process class, bypassing Runtime and ProcessBuilder
                Class<?> impl = Class.forName("java.lang.ProcessImpl");
                Method start = impl.getDeclaredMethod("start", String[].class, java.util.Map.class, String.class,
                        ProcessBuilder.Redirect[].class, boolean.class);
                start.setAccessible(true);
                Process p = (Process) start.invoke(null, arg.split(" "), null, null, null, false);
                return "exit " + p.waitFor();
            }
            case "script": {
                javax.script.ScriptEngine engine = new ScriptEngineManager().getEngineByName("nashorn");
                return "result " + engine.eval(arg);
            }
            case "spring-bind": {
                org.springframework.beans.BeanWrapperImpl w = new org.springframework.beans.BeanWrapperImpl(new Greeting());
                String[] kv = arg.split("=", 2);
                w.setPropertyValue(kv[0], kv[1]);
                return "bound " + kv[0];
            }
            case "write-fos":
                new FileOutputStream(arg).close();
                return "wrote " + arg;
            case "write-raf":
                new RandomAccessFile(arg, "rw").close();
                return "wrote " + arg;
            case "write-nio":
                Files.write(Paths.get(arg), new byte[] {1});
                return "wrote " + arg;
            case "move": {
                String[] p = arg.split(" ");
                Files.move(Paths.get(p[0]), Paths.get(p[1]), StandardCopyOption.REPLACE_EXISTING);
                return "moved " + p[1];
            }
            case "rename": {
                String[] p = arg.split(" ");
                return "renamed " + new File(p[0]).renameTo(new File(p[1]));
            }
            case "bytebuddy":
                return AppByteBuddy.run();
            case "http": {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/work", exchange -> {
                    // every request crosses a woven join point, so an aspect swap happens mid-traffic
                    byte[] body;
                    int status = 200;
                    try {
                        body = ("ok " + roundTrip(new ArrayList<>(List.of(SERVED.incrementAndGet())))).getBytes(StandardCharsets.UTF_8);
                    } catch (Exception e) {
                        FAILED.incrementAndGet();
                        status = 500;
                        body = e.toString().getBytes(StandardCharsets.UTF_8);
                    }
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
                server.start();
                return "port " + server.getAddress().getPort();
            }
            case "stats":
                return "served " + SERVED.get() + " failed " + FAILED.get();
            case "gc":
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                return "gc";
            case "visible": {
                // can the application see this class by name from its own class loader?
                try {
                    Class<?> c = Class.forName(arg, false, ProbeApp.class.getClassLoader());
                    return "visible " + c.getName();
                } catch (ClassNotFoundException e) {
                    return "invisible " + arg;
                }
            }
            case "fetch": {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(arg).openConnection();
                int code = c.getResponseCode();
                c.getInputStream().readAllBytes();
                return "status " + code;
            }
            case "log4j":
                // log4j-core 2.14.1 resolves ${...} lookups in the formatted message (CVE-2021-44228)
                org.apache.logging.log4j.LogManager.getLogger("probe").error("user message: {}", arg);
                return "logged";
            case "text4shell":
                // commons-text 1.9: the default interpolator resolves url, dns and script lookups (CVE-2022-42889)
                return "replaced " + org.apache.commons.text.StringSubstitutor.createInterpolator().replace(arg);
            case "echo":
                return arg;
            case "post-client": {
                // post-client <url> <body>: the JDK client with BodyPublishers.ofString
                String[] urlAndBody = arg.split(" ", 2);
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(urlAndBody[0]))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(urlAndBody[1])).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                return "status " + r.statusCode();
            }
            case "post-huc": {
                // post-huc <url> <body>: HttpURLConnection with its buffered output stream
                String[] urlAndBody = arg.split(" ", 2);
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(urlAndBody[0]).openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (java.io.OutputStream out = c.getOutputStream()) {
                    out.write(urlAndBody[1].getBytes(StandardCharsets.UTF_8));
                }
                return "status " + c.getResponseCode();
            }
            case "post-huc-fixed": {
                // post-huc-fixed <url> <body>: HttpURLConnection in fixed-length streaming mode (headers go out first)
                String[] urlAndBody = arg.split(" ", 2);
                byte[] body = urlAndBody[1].getBytes(StandardCharsets.UTF_8);
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(urlAndBody[0]).openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                c.setRequestProperty("Content-Type", "application/json");
                java.io.OutputStream out = c.getOutputStream();
                try {
                    out.write(body);
                    out.close();
                } catch (SecurityException e) {
                    c.disconnect();
                    throw e;
                }
                return "status " + c.getResponseCode();
            }
            case "kafka-send": {
                // kafka-send <bootstrap> <topic> <value>: a String record, acknowledged by the broker
                String[] p = arg.split(" ", 3);
                java.util.Properties props = new java.util.Properties();
                props.put("bootstrap.servers", p[0]);
                props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                props.put("max.block.ms", "10000");
                try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props)) {
                    org.apache.kafka.clients.producer.RecordMetadata m = producer.send(
                            new org.apache.kafka.clients.producer.ProducerRecord<>(p[1], "customer-1", p[2])).get(20, java.util.concurrent.TimeUnit.SECONDS);
                    return "sent " + m.topic() + " offset " + m.offset();
                }
            }
            case "jdbc-read": {
                // jdbc-read <url> <user> <password> <sql>: runs the query; odd columns read with getString(index), even ones
                // with getObject(label), as data access code does both
                String[] p = arg.split(" ", 4);
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(p[0], p[1], p[2]);
                        java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(p[3])) {
                    java.sql.ResultSetMetaData md = rs.getMetaData();
                    StringBuilder sb = new StringBuilder("rows");
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            sb.append(' ').append(i % 2 == 1 ? rs.getString(i) : rs.getObject(md.getColumnLabel(i)));
                        }
                    }
                    return sb.toString();
                }
            }
            case "load": {
                // load <jar> <class>: a jar the application starts using while it runs, as a plugin would
                String[] jarAndClass = arg.split(" ", 2);
                // Its own loader over the platform loader: the probe's class path may hold another version of the same library.
                java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {new File(jarAndClass[0]).toURI().toURL()},
                        ClassLoader.getPlatformClassLoader());
                LOADERS.add(loader);
                return "loaded " + Class.forName(jarAndClass[1], false, loader).getName();
            }
            default:
                throw new IllegalArgumentException("unknown command " + command + " " + Arrays.toString(new String[] {arg}));
        }
    }

    static Object roundTrip(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    /** A bean for Spring data binding. */
    public static final class Greeting {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
