package secplane.aspect.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import secplane.aspect.HttpRequest;
import secplane.aspect.RequestInput;

/**
 * A request built by hand, set up with fluent setters; by default {@code GET /} from {@code 127.0.0.1},
 * anonymous, with no inputs. Each setter shares its name with the getter it feeds:
 *
 * <pre>{@code
 * TestRequest request = new TestRequest().method("POST").uri("/customers/1")
 *         .header("X-Role", "auditor").input("query", "id", "1").user("alice", "clerk");
 * }</pre>
 *
 * <p>Attachments live in a real map for the life of this object, so an aspect that keeps state per request
 * sees it again on the next join point made for the same request. Meant for one thread at a time, like a test.
 */
public final class TestRequest implements HttpRequest {
    private String method = "GET";
    private String uri = "/";
    private String queryString;
    private String clientAddress = "127.0.0.1";
    private String contentType;
    private List<RequestInput> inputs = Collections.emptyList();
    private String user;
    private final Set<String> roles = new HashSet<>();
    private final Map<String, Object> attachments = new HashMap<>();

    public TestRequest method(String value) {
        this.method = require(value, "method", "GET");
        return this;
    }

    /** The path as sent, without the query string. */
    public TestRequest uri(String value) {
        this.uri = require(value, "uri", "/customers/1");
        if (value.indexOf('?') >= 0) {
            throw new IllegalArgumentException("uri '" + value + "' holds a query string: pass it to queryString(...) instead");
        }
        return this;
    }

    /** The raw query string without the {@code ?}, or null. Its parameters are not inputs until {@link #input} adds them. */
    public TestRequest queryString(String value) {
        this.queryString = value;
        return this;
    }

    public TestRequest clientAddress(String value) {
        this.clientAddress = require(value, "clientAddress", "203.0.113.7");
        return this;
    }

    public TestRequest contentType(String value) {
        this.contentType = value;
        return this;
    }

    /**
     * Adds an input as the agent records it ({@code query}, {@code form}, {@code json}, {@code body},
     * {@code header}, {@code cookie}, {@code path}). The list {@link #inputs()} returns is replaced, not
     * changed, so a caller caching by its identity sees the new input, as with a body read further.
     */
    public TestRequest input(String source, String name, String value) {
        List<RequestInput> next = new ArrayList<>(inputs);
        next.add(new RequestInput(source, name, value));
        inputs = Collections.unmodifiableList(next);
        return this;
    }

    /** Adds a header as a {@code header} input; the name is lower-cased, as the agent records it (RFC 9110 §5.1: names are case-insensitive). */
    public TestRequest header(String name, String value) {
        return input("header", require(name, "header name", "x-role").toLowerCase(Locale.ROOT), value);
    }

    /**
     * The user the container authenticated, holding {@code roles} (null: anonymous, and then the request holds no
     * role). Replaces the roles set before.
     */
    public TestRequest user(String name, String... roles) {
        this.user = name;
        this.roles.clear();
        Collections.addAll(this.roles, roles);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String queryString() {
        return queryString;
    }

    @Override
    public String clientAddress() {
        return clientAddress;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    /** The inputs added so far, in order; the same list object until the next {@link #input} call. */
    @Override
    public List<RequestInput> inputs() {
        return inputs;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public boolean isUserInRole(String role) {
        return user != null && roles.contains(role);
    }

    @Override
    public Object attachment(String key) {
        return attachments.get(key);
    }

    @Override
    public void attach(String key, Object value) {
        attachments.put(key, value);
    }

    /** What aspects attached to this request so far, read-only. */
    public Map<String, Object> attachments() {
        return Collections.unmodifiableMap(attachments);
    }

    /** Drops every attachment, as the agent does when the request ends. */
    public void end() {
        attachments.clear();
    }

    @Override
    public String toString() {
        return method + " " + uri + (queryString == null ? "" : "?" + queryString) + (user == null ? "" : " as " + user);
    }

    private static String require(String value, String what, String example) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty, e.g. \"" + example + "\"");
        }
        return value;
    }
}
