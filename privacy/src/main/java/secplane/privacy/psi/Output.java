package secplane.privacy.psi;

import java.util.Locale;
import secplane.privacy.transport.Role;

/** Who learns the result of ECDH-PSI. */
public enum Output {
    BOTH, SERVER, JOINER;

    public boolean reaches(Role role) {
        return this == BOTH || name().equals(role.name());
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Output parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown output '" + s + "'; use both, server or joiner");
        }
    }
}
