package secplane.testbeds.injection.javax;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import secplane.testbeds.injection.Refusal;

/** {@code /file/read?name=} on {@code javax.servlet}: the name resolved against the documents (CWE-22), or checked. */
final class DocumentJavax extends JavaxEndpoint {

    private static final long serialVersionUID = 1L;

    private final transient Path docs;
    private final boolean safe;

    DocumentJavax(Path docs, boolean safe) {
        this.docs = docs;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = required(request, "name");
        Path file;
        try {
            file = docs.resolve(name);
            if (safe) {
                file = file.normalize();
                if (!file.startsWith(docs) || (Files.exists(file) && !file.toRealPath().startsWith(docs.toRealPath()))) {
                    throw Refusal.badInput("'" + name + "' is outside the documents");
                }
            }
        } catch (InvalidPathException e) {
            throw Refusal.badInput("not a valid file name", e);
        }
        if (Files.isDirectory(file)) {
            throw Refusal.badInput("'" + name + "' is a directory");
        }
        byte[] content;
        try (InputStream in = new FileInputStream(file.toFile())) {
            content = in.readNBytes(1024 * 1024);
        } catch (FileNotFoundException e) {
            throw Refusal.notFound("no document '" + name + "'");
        }
        response.setStatus(200);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(content.length);
        response.getOutputStream().write(content);
    }
}
