package secplane.privacy.transport;

import java.util.Locale;

/** Which end of the connection a party is: the one that listens or the one that connects. */
public enum Role {
    SERVER, JOINER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
