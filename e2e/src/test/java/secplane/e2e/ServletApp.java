package secplane.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The request testbed (testbeds/request-app) on one real servlet container in a child JVM, with only that container's jars on its class path. */
final class ServletApp implements AutoCloseable {
    private final Process process;
    private final int port;
    private final StringBuffer output = new StringBuffer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServletApp(Process process) throws Exception {
        this.process = process;
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.startsWith("REQUEST-APP READY port=")) {
                        ready.complete(Integer.parseInt(line.substring(line.indexOf('=') + 1).trim()));
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            ready.complete(-1);
        }, "servlet-app-stdout");
        reader.setDaemon(true);
        reader.start();
        int p = ready.get(90, TimeUnit.SECONDS);
        if (p < 0) {
            throw new IllegalStateException("the servlet app did not start; output:\n" + output);
        }
        this.port = p;
    }

    /** A documents directory with {@code readme.txt} ("public document") and, beside it, {@code secret.txt} ("the secret"). */
    static Path documents(Path dir) throws IOException {
        Path docs = java.nio.file.Files.createDirectories(dir.resolve("docs"));
        java.nio.file.Files.writeString(docs.resolve("readme.txt"), "public document");
        java.nio.file.Files.writeString(dir.resolve("secret.txt"), "the secret");
        return docs;
    }

    /** A query parameter value, URL-encoded. */
    static String query(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** @param server tomcat, jetty or undertow */
    static ServletApp start(Path javaHome, Path workDir, String server, Path docs, String... jvmArgs) throws Exception {
        Path home = Paths.get(System.getProperty("secplane.requestapp.home"));
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(home.resolve("lib/app") + "/*" + java.io.File.pathSeparator + home.resolve("lib").resolve(server) + "/*");
        cmd.add("secplane.testbeds.requests.RequestApp");
        cmd.add(server);
        cmd.add(docs.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectError(workDir.resolve(server + "-stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SECPLANE_"));
        return new ServletApp(pb.start());
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    int port() {
        return port;
    }

    String output() {
        return output.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
