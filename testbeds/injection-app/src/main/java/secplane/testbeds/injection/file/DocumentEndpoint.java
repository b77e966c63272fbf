package secplane.testbeds.injection.file;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * Serves a file of the documents directory by name (CWE-22 when vulnerable).
 *
 * <ul>
 *   <li>{@code /file/read?name=} resolves the name against the directory and opens it with
 *       {@link FileInputStream}: {@code ../} climbs out, and an absolute name replaces the directory.
 *   <li>{@code /file/download?name=} is a download link whose front-end percent-encodes the name, so
 *       the endpoint decodes it once more and reads with {@link Files#newInputStream}: double-encoded
 *       {@code %252e%252e%252f} arrives as {@code ../}.
 * </ul>
 *
 * <p>The safe twins decode the same way, then normalise the path, resolve links, and refuse any
 * file that is not inside the documents directory.
 */
public final class DocumentEndpoint extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final int MAX_FILE = 1024 * 1024;

    /** How the name reaches the file system. */
    public enum Style {
        /** Name as received; read with {@link FileInputStream}. */
        READ,
        /** Name percent-decoded once more; read with {@link Files#newInputStream}. */
        DOWNLOAD
    }

    private final transient Path docs;
    private final Style style;
    private final boolean safe;

    public DocumentEndpoint(Path docs, Style style, boolean safe) {
        this.docs = docs;
        this.style = style;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = required(request, "name");
        if (style == Style.DOWNLOAD) {
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw Refusal.badInput("name is not percent-encoded correctly", e);
            }
        }
        Path file;
        try {
            file = safe ? inside(name) : docs.resolve(name);
        } catch (InvalidPathException e) {
            throw Refusal.badInput("not a valid file name", e);
        }
        if (Files.isDirectory(file)) {
            throw Refusal.badInput("'" + name + "' is a directory");
        }
        byte[] content;
        try (InputStream in = style == Style.READ ? new FileInputStream(file.toFile()) : Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE);
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw Refusal.notFound("no document '" + name + "'");
        }
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }

    private Path inside(String name) throws IOException, Refusal {
        Path file = docs.resolve(name).normalize();
        if (!file.startsWith(docs)) {
            throw Refusal.badInput("'" + name + "' is outside the documents");
        }
        if (Files.exists(file) && !file.toRealPath().startsWith(docs.toRealPath())) {
            throw Refusal.badInput("'" + name + "' links outside the documents");
        }
        return file;
    }
}
