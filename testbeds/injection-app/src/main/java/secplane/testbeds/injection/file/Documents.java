package secplane.testbeds.injection.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real directory the file endpoints read: {@code <base>/docs}, filled at start with the files
 * named in the resource {@code fixtures/docs.txt} (one relative path per line: dots, spaces,
 * accents and subdirectories on purpose). Each file holds a line naming it and a line of text.
 */
public final class Documents {

    private Documents() {
    }

    /** Creates {@code base/docs} and its files; returns the directory. */
    public static Path create(Path base) throws IOException {
        Path docs = Files.createDirectories(base.resolve("docs"));
        for (String name : names()) {
            Path file = docs.resolve(name).normalize();
            if (!file.startsWith(docs)) {
                throw new IOException("fixtures/docs.txt names a file outside the documents: " + name);
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, "document: " + name + "\nThis is a sample document of the injection testbed.\n",
                    StandardCharsets.UTF_8);
        }
        return docs;
    }

    static List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Documents.class.getResourceAsStream("/fixtures/docs.txt")) {
            if (in == null) {
                throw new IOException("resource fixtures/docs.txt is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
        }
        return names;
    }
}
