package secplane.testbeds.injection.xpath;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import secplane.testbeds.injection.Secrets;

/**
 * The XML document the XPath endpoints query: {@code <users><user><name/><email/><password/></user>...}.
 * Passwords are {@link Secrets} for alice, bob and carol. The DOM is built once and only read.
 */
public final class UserDocument {

    /** name, email. */
    private static final String[][] USERS = {
        {"alice", "alice@example.com"},
        {"bob", "bob@example.com"},
        {"carol", "carol@example.com"},
        {"dave", "dave@example.com"},
        {"José García", "jose.garcia@example.es"},
        {"Seán O'Brien", "sean.obrien@example.ie"},
        {"Zoë \"Z\" Müller", "zoe.mueller@example.de"},
        {"王伟", "wang.wei@example.cn"},
    };

    private UserDocument() {
    }

    public static Document create(Secrets secrets) throws ParserConfigurationException {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element users = document.createElement("users");
        document.appendChild(users);
        int id = 0;
        for (String[] entry : USERS) {
            Element user = document.createElement("user");
            user.setAttribute("id", String.valueOf(++id));
            append(document, user, "name", entry[0]);
            append(document, user, "email", entry[1]);
            String password = switch (entry[0]) {
                case "alice", "bob", "carol" -> secrets.get("xpath.password." + entry[0]);
                default -> "xp-" + Integer.toHexString(entry[0].hashCode());
            };
            append(document, user, "password", password);
            users.appendChild(user);
        }
        return document;
    }

    private static void append(Document document, Element parent, String name, String text) {
        Element child = document.createElement(name);
        child.setTextContent(text);
        parent.appendChild(child);
    }
}
