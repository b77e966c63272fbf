package secplane.testbeds.injection.ldap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /ldap/find?user=}: the people whose uid is {@code user}, searched with the filter
 * {@code (&(uid=<user>)(objectClass=person))} through JNDI ({@link InitialDirContext#search}).
 * The vulnerable endpoint concatenates the input into the filter (CWE-90): {@code *} matches
 * everyone, {@code *)(uid=*))(|(uid=*} rewrites the filter, and {@code alice)(userPassword=x*}
 * probes an attribute the endpoint never shows. The safe twin escapes the input as RFC 4515
 * section 3 requires ({@code * ( ) \ NUL} as {@code \2a \28 \29 \5c \00}).
 */
public final class PeopleSearch extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final String[] SHOWN = {"uid", "cn", "mail"};

    private final transient Directory directory;
    private final boolean safe;

    public PeopleSearch(Directory directory, boolean safe) {
        this.directory = directory;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String user = required(request, "user");
        String filter = "(&(uid=" + (safe ? escape(user) : user) + ")(objectClass=person))";
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, directory.url());
        environment.put("com.sun.jndi.ldap.connect.timeout", "3000");
        environment.put("com.sun.jndi.ldap.read.timeout", "5000");
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        // Every attribute is requested, the JNDI default; only SHOWN are printed.
        controls.setCountLimit(100);
        StringBuilder lines = new StringBuilder();
        int count = 0;
        DirContext context = null;
        try {
            context = new InitialDirContext(environment);
            NamingEnumeration<SearchResult> results = context.search(Directory.PEOPLE, filter, controls);
            while (results.hasMore()) {
                Attributes attributes = results.next().getAttributes();
                count++;
                for (int i = 0; i < SHOWN.length; i++) {
                    Attribute attribute = attributes.get(SHOWN[i]);
                    lines.append(i == 0 ? "" : "\t").append(attribute == null ? "" : String.valueOf(attribute.get()));
                }
                lines.append('\n');
            }
        } catch (NamingException e) {
            throw Refusal.badInput("directory search " + filter + " failed", e);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (NamingException e) {
                    // the search already answered; a failed unbind changes nothing for the client
                }
            }
        }
        text(response, 200, count + (count == 1 ? " person\n" : " people\n") + lines);
    }

    /** RFC 4515 section 3: the assertion value with {@code * ( ) \ NUL} written as backslash and two hex digits. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> escaped.append("\\2a");
                case '(' -> escaped.append("\\28");
                case ')' -> escaped.append("\\29");
                case '\\' -> escaped.append("\\5c");
                case '\0' -> escaped.append("\\00");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
