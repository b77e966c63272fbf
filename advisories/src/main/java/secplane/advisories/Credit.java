package secplane.advisories;

import java.util.List;
import java.util.Objects;

/**
 * One OSV credit (OSV schema, "credits fields").
 *
 * @param name    who is credited
 * @param contact URLs to reach them, possibly empty
 * @param type    e.g. {@code FINDER}, or null
 */
public record Credit(String name, List<String> contact, String type) {
    public Credit {
        Objects.requireNonNull(name, "name");
        contact = List.copyOf(contact);
    }
}
