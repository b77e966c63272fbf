package secplane.testbeds.injection.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import java.net.InetAddress;
import secplane.testbeds.injection.Secrets;

/**
 * An LDAP directory of people served in-process by UnboundID's {@link InMemoryDirectoryServer} on
 * 127.0.0.1, with the standard schema. The endpoints reach it over the wire through JNDI's LDAP
 * provider, as an application talks to its corporate directory. Passwords are {@link Secrets}.
 */
public final class Directory implements AutoCloseable {

    /** The search base of the people entries. */
    public static final String PEOPLE = "ou=people,dc=example,dc=com";

    /** uid, given name, surname. Spaces, accents and an apostrophe on purpose. */
    private static final String[][] PEOPLE_ENTRIES = {
        {"alice", "Alice", "Adams"},
        {"bob", "Bob", "Brown"},
        {"carol", "Carol", "Clark"},
        {"dave", "Dave", "Davis"},
        {"erin", "Erin", "Evans"},
        {"jose.garcia", "José", "García"},
        {"zoe.muller", "Zoë", "Müller"},
        {"sean.obrien", "Seán", "O'Brien"},
        {"anne marie", "Anne Marie", "Dupont"},
        {"wang.wei", "伟", "王"},
    };

    private final InMemoryDirectoryServer server;

    private Directory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    public static Directory start(Secrets secrets) throws LDAPException, LDIFException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig(
                "ldap", InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        for (String[] person : PEOPLE_ENTRIES) {
            String uid = person[0];
            String password = switch (uid) {
                case "alice", "bob", "carol" -> secrets.get("ldap.password." + uid);
                default -> "pw-" + uid.hashCode();
            };
            server.add("dn: uid=" + uid + "," + PEOPLE,
                    "objectClass: top", "objectClass: person", "objectClass: organizationalPerson",
                    "objectClass: inetOrgPerson",
                    "uid: " + uid, "givenName: " + person[1], "sn: " + person[2], "cn: " + person[1] + " " + person[2],
                    "mail: " + uid.replace(' ', '.') + "@example.com", "userPassword: " + password);
        }
        server.startListening();
        return new Directory(server);
    }

    /** {@code ldap://127.0.0.1:<port>}. */
    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
