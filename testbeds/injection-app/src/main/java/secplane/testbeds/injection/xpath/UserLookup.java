package secplane.testbeds.injection.xpath;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /xpath/find?name=}: the email address of the user with that name, found with the JDK's
 * {@code javax.xml.xpath}. The vulnerable endpoint builds {@code /users/user[name='<name>']/email}
 * by concatenation (CWE-643): {@code ' or '1'='1} returns every address, and a union
 * ({@code '] | //password | /x['}) returns the passwords. The safe twin writes {@code name=$name}
 * and binds the variable through an {@link javax.xml.xpath.XPathVariableResolver}.
 */
public final class UserLookup extends Endpoint {

    private static final long serialVersionUID = 1L;

    private final transient Document document;
    private final boolean safe;

    public UserLookup(Document document, boolean safe) {
        this.document = document;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = required(request, "name");
        XPath xpath = XPathFactory.newInstance().newXPath();
        String expression;
        if (safe) {
            xpath.setXPathVariableResolver(variable -> new QName("name").equals(variable) ? name : null);
            expression = "/users/user[name=$name]/email";
        } else {
            expression = "/users/user[name='" + name + "']/email";
        }
        StringBuilder lines = new StringBuilder();
        int count;
        try {
            // The DOM implementation does not promise thread-safe reads, even of a document nobody changes.
            synchronized (document) {
                NodeList nodes = (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
                count = nodes.getLength();
                for (int i = 0; i < count; i++) {
                    lines.append(nodes.item(i).getTextContent()).append('\n');
                }
            }
        } catch (XPathExpressionException e) {
            throw Refusal.badInput("cannot evaluate " + expression, e);
        }
        text(response, 200, count + (count == 1 ? " match\n" : " matches\n") + lines);
    }
}
