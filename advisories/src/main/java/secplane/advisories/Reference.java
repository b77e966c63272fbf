package secplane.advisories;

import java.util.Objects;

/**
 * One OSV reference (OSV schema, "references field").
 *
 * @param type e.g. {@code ADVISORY}, {@code WEB}, {@code FIX}, {@code PACKAGE}
 * @param url  an absolute URL
 */
public record Reference(String type, String url) {
    public Reference {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
    }
}
