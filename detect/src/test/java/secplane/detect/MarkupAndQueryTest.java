package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** XXE, LDAP, XPath, expression and XSS cases that the corpora do not spell out. */
@ExtendWith(NoDetectorFailures.class)
class MarkupAndQueryTest {
    private static final String XXE = "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>";

    private static List<Input> in(String value) {
        return List.of(new Input("body", "", value));
    }

    @Test
    void xmlBytesAreDecodedFromTheirByteOrderMarkOrDeclaration() {
        byte[] utf16 = ("\ufeff" + XXE).getBytes(StandardCharsets.UTF_16LE);
        assertThat(Detectors.xml(utf16, utf16.length, in(XXE)).attack()).isTrue();
        byte[] latin = ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + XXE).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Detectors.xml(latin, latin.length, in(XXE)).attack()).isTrue();
        byte[] ebcdicLike = ("<?xml version=\"1.0\" encoding=\"x-unknown\"?>" + XXE).getBytes(StandardCharsets.US_ASCII);
        assertThat(Detectors.xml(ebcdicLike, ebcdicLike.length, in(XXE)).attack()).isTrue();
    }

    @Test
    void xmlLengthLimitsWhatIsRead() {
        byte[] doc = XXE.getBytes(StandardCharsets.UTF_8);
        assertThat(Detectors.xml(doc, 8, in(XXE)).attack()).isFalse();
        assertThat(Detectors.xml(doc, 1000, in(XXE)).attack()).isTrue();
    }

    @Test
    void xmlFromTheApplicationIsNotAnInputsDocument() {
        assertThat(Detectors.xml(XXE, in("passwd")).attack()).isFalse();
    }

    @Test
    void xmlInputThatStartsTheDocumentCountsEvenWhenTheCodeAddsTheRest() {
        String doc = "<!DOCTYPE a SYSTEM \"http://x.example/a.dtd\"><a>" + "<body>code text</body></a>";
        assertThat(Detectors.xml(doc, List.of(new Input("form", "head", "<!DOCTYPE a SYSTEM \"http://x.example/a.dtd\"><a>"))).attack()).isTrue();
    }

    @Test
    void ldapEscapedValuesAndBalancedParenthesesWithoutAnAssertionAreData() {
        assertThat(Detectors.ldap("(cn=Barker \\28UK\\29)", List.of(new Input("query", "q", "Barker \\28UK\\29"))).attack()).isFalse();
        // balanced, no match type, no operator: nothing a search can match differently
        assertThat(Detectors.ldap("(cn=Barker (UK))", List.of(new Input("query", "q", "Barker (UK)"))).attack()).isFalse();
        assertThat(Detectors.ldap("(uid=John (Jack) Smith)", List.of(new Input("query", "q", "John (Jack) Smith"))).attack()).isFalse();
        // balanced but bringing an assertion, or unbalanced: structure
        assertThat(Detectors.ldap("(cn=Barker (uid=*))", List.of(new Input("query", "q", "Barker (uid=*)"))).attack()).isTrue();
        assertThat(Detectors.ldap("(cn=Barker (|(x)))", List.of(new Input("query", "q", "Barker (|(x))"))).attack()).isTrue();
        assertThat(Detectors.ldap("(cn=Barker))(cn=*)", List.of(new Input("query", "q", "Barker))(cn=*"))).attack()).isTrue();
        assertThat(Detectors.ldap("(cn=*smith*)", List.of(new Input("query", "q", "smith"))).attack()).isFalse();
        assertThat(Detectors.ldap("(cn=smith*)", List.of(new Input("query", "q", "smith*"))).attack()).isFalse();
        // a wildcard from input in an identity lookup: the uid=a* login bypass
        assertThat(Detectors.ldap("(uid=a*)", List.of(new Input("query", "q", "a*"))).attack()).isTrue();
        assertThat(Detectors.ldap("(&(sAMAccountName=adm*)(objectClass=user))", List.of(new Input("query", "q", "adm*"))).attack()).isTrue();
        assertThat(Detectors.ldap("cn=Smith\\, John,ou=people,dc=example,dc=com", List.of(new Input("query", "q", "Smith\\, John"))).attack()).isFalse();
    }

    @Test
    void xpathLiteralsHaveNoEscapes() {
        assertThat(Detectors.xpath("//u[n=\"O'Brien\"]", List.of(new Input("query", "q", "O'Brien"))).attack()).isFalse();
        assertThat(Detectors.xpath("//u[n='O'Brien']", List.of(new Input("query", "q", "O'Brien"))).attack()).isTrue();
    }

    @Test
    void expressionsUsersTypeAreDataButReachingJavaIsNot() {
        assertThat(Detectors.expression("amount > 1000 and country == 'CN'", "spel", List.of(new Input("form", "rule", "amount > 1000 and country == 'CN'")))
                .attack()).isFalse();
        assertThat(Detectors.expression("amount.getClass()", "spel", List.of(new Input("form", "rule", "amount.getClass()"))).attack()).isTrue();
        assertThat(Detectors.expression("'Runtime error in ' + module", "spel", List.of(new Input("form", "m", "Runtime error in "))).attack()).isFalse();
    }

    @Test
    void elTemplateTextBecomesCodeOnlyWithADelimiter() {
        List<Input> dollars = List.of(new Input("form", "t", "$100 off #1"));
        assertThat(Detectors.expression("Deal: $100 off #1 for ${user.name}", "el", dollars).attack()).isFalse();
        List<Input> probe = List.of(new Input("form", "t", "${7*7}"));
        assertThat(Detectors.expression("Deal: ${7*7} for ${user.name}", "el", probe).attack()).isTrue();
        assertThat(Detectors.expression("Deal: \\${7*7}", "el", probe).attack()).isFalse();
    }

    @Test
    void xssOnlyWhereTheEchoCanRunScript() {
        List<Input> tag = List.of(new Input("query", "q", "<b>bold</b>"));
        assertThat(Detectors.xss("<p><b>bold</b></p>", tag).attack()).isFalse();
        List<Input> img = List.of(new Input("query", "q", "<img src=x onerror=alert(1)>"));
        assertThat(Detectors.xss("<textarea><img src=x onerror=alert(1)></textarea>", img).attack()).isFalse();
        assertThat(Detectors.xss("<div><img src=x onerror=alert(1)></div>", img).attack()).isTrue();
        List<Input> quote = List.of(new Input("query", "q", "\" onfocus=\"x()"));
        assertThat(Detectors.xss("<input value='\" onfocus=\"x()'>", quote).attack()).isFalse();
        assertThat(Detectors.xss("<input value=\"\" onfocus=\"x()\">", quote).attack()).isTrue();
    }

    @Test
    void xssAcceptsAnyCharSequence() {
        StringBuilder chunk = new StringBuilder("<p>").append("<svg onload=alert(1)>").append("</p>");
        assertThat(Detectors.xss(chunk, List.of(new Input("query", "q", "<svg onload=alert(1)>"))).attack()).isTrue();
    }

    @Test
    void spelTemplateDelimitersInsideAStringLiteralOfAParsedExpressionAreText() {
        Input name = new Input("query", "name", "#{not a template}");
        assertThat(Detectors.expression("'Hello, #{not a template}!'", "spel", List.of(name)).attack()).isFalse();
        assertThat(Detectors.expression("'Hello, ' + #{not a template} + '!'", "spel", List.of(name)).attack()).isTrue();
        Input payload = new Input("query", "name", "#{T(java.lang.Runtime).getRuntime().exec('id')}");
        assertThat(Detectors.expression("Hello #{T(java.lang.Runtime).getRuntime().exec('id')}", "spel-template", List.of(payload)).attack()).isTrue();
        assertThat(Detectors.expression("Hello #{not a template}", "spel-template", List.of(name)).attack()).isTrue();
    }
}
