package secplane.testbeds.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import javax.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Deserializes the request body without any class filter, with commons-collections 3.1 on the
 * class path: the setting of CVE-2015-7501, where a serialized InvokerTransformer chain runs
 * arbitrary methods during {@code readObject()}.
 */
@Controller
public final class ImportController {

    @PostMapping("/import")
    public ResponseEntity<String> importObject(HttpServletRequest request) {
        try (InputStream body = request.getInputStream();
             ObjectInputStream in = new ObjectInputStream(body)) {
            Object imported = in.readObject();
            String type = imported == null ? "null" : imported.getClass().getName();
            return text(200, "imported " + type);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return text(400, "cannot import: " + e);
        }
    }

    private static ResponseEntity<String> text(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
