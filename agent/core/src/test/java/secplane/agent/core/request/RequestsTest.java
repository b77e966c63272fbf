package secplane.agent.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import secplane.aspect.RequestInput;
import secplane.bootstrap.BlockedException;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * The request source without instrumentation: the woven entry and exit calls are made directly on
 * {@link Requests}, with requests and responses of both Servlet namespaces reached by reflection.
 */
class RequestsTest {
    private final List<RequestContext> started = new ArrayList<>();
    private final Requests requests = new Requests(started::add);

    @BeforeEach
    void active() {
        Dispatcher.installRequests(requests);
        Dispatcher.setActive(1 << JoinPoints.HTTP_REQUEST);
    }

    @AfterEach
    void idle() {
        while (Requests.depth() > 0) {
            requests.exit();
        }
        Dispatcher.setActive(0);
        Dispatcher.installRequests(null);
    }

    private static FakeServlet.Request search() {
        FakeServlet.Request r = new FakeServlet.Request();
        r.method = "GET";
        r.uri = "/shop/items/a%20b";
        r.query = "q=%27+OR+1%3D1--&page=2&bad=%zz";
        r.header("User-Agent", "curl/8").header("Cookie", "session=abc; theme=\"dark\"").header("Content-Length", "0");
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"javax", "jakarta"})
    void recordsTheRequestAndParsesItsInputsOnlyWhenAsked(String namespace) throws Exception {
        FakeServlet.Request r = search();
        Object request = FakeServlet.request(namespace, r);
        requests.enter(request, FakeServlet.response(namespace, new FakeServlet.Response()));
        RequestContext c = Requests.current();
        assertThat(c).isNotNull();
        assertThat(started).containsExactly(c);
        assertThat(c.request()).isSameAs(request);
        assertThat(c.method()).isEqualTo("GET");
        assertThat(c.uri()).isEqualTo("/shop/items/a%20b");
        assertThat(c.clientAddress()).isEqualTo("203.0.113.7");
        List<RequestInput> inputs = c.inputs();
        assertThat(inputs).extracting(RequestInput::toString).contains(
                "query:q=' OR 1=1--", "query:page=2", "query:bad=%zz",
                "header:user-agent=curl/8", "cookie:session=abc", "cookie:theme=dark",
                "path:1=shop", "path:3=a b");
        assertThat(inputs).extracting(RequestInput::name).doesNotContain("cookie", "content-length");
        assertThat(c.inputs()).as("parsed once, then kept").isSameAs(inputs);
        assertThat(r.parameterCalls).as("getParameterMap is never called for a request without a form body").isZero();
        requests.exit();
        assertThat(Requests.current()).isNull();
        assertThat(c.ended()).isTrue();
        assertThat(Requests.depth()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"javax", "jakarta"})
    void theAuthenticatedUserAndRolesComeFromTheRequestNotFromItsHeaders(String namespace) throws Exception {
        FakeServlet.Request r = search().header("X-Role", "auditor");
        r.user = "bob";
        r.roles = java.util.Set.of("clerk");
        requests.enter(FakeServlet.request(namespace, r), FakeServlet.response(namespace, new FakeServlet.Response()));
        RequestContext c = Requests.current();
        assertThat(c.user()).isEqualTo("bob");
        assertThat(c.isUserInRole("clerk")).isTrue();
        assertThat(c.isUserInRole("auditor")).as("the header is not a role").isFalse();
        assertThat(c.isUserInRole("clerk")).isTrue();
        assertThat(r.roleCalls).as("each role is asked once per request").isEqualTo(2);
        requests.exit();

        FakeServlet.Request anonymous = search();
        requests.enter(FakeServlet.request(namespace, anonymous), FakeServlet.response(namespace, new FakeServlet.Response()));
        assertThat(Requests.current().user()).isNull();
        assertThat(Requests.current().isUserInRole("clerk")).isFalse();
        assertThat(anonymous.roleCalls).as("an anonymous request is never asked for roles").isZero();
        requests.exit();
    }

    @Test
    void theDrillMarkerIsKeptOnlyWhenShortAndPrintable() throws Exception {
        FakeServlet.Request r = search();
        r.header("X-Secplane-Drill", "dr-0badcafe.0123abcd.sql-tautology:7");
        requests.enter(FakeServlet.request("jakarta", r), FakeServlet.response("jakarta", new FakeServlet.Response()));
        assertThat(Requests.current().drillMarker()).isEqualTo("dr-0badcafe.0123abcd.sql-tautology:7");
        requests.exit();
        for (String bad : new String[] {"dr-1.a b.c:1", "dr-1.\u00e9.c:1", "x".repeat(201)}) {
            FakeServlet.Request b = search();
            b.header("X-Secplane-Drill", bad);
            requests.enter(FakeServlet.request("jakarta", b), FakeServlet.response("jakarta", new FakeServlet.Response()));
            assertThat(Requests.current().drillMarker()).as(bad).isNull();
            requests.exit();
        }
        requests.enter(FakeServlet.request("jakarta", search()), FakeServlet.response("jakarta", new FakeServlet.Response()));
        assertThat(Requests.current().drillMarker()).as("no header").isNull();
        requests.exit();
    }

    @Test
    void aNestedDispatchOfTheSameRequestSharesItsContextAndAForwardGetsItsOwn() throws Exception {
        Object request = FakeServlet.request("jakarta", search());
        Object response = FakeServlet.response("jakarta", new FakeServlet.Response());
        requests.enter(request, response);
        RequestContext outer = Requests.current();
        requests.enter(request, response); // the next filter of the chain
        assertThat(Requests.current()).isSameAs(outer);
        FakeServlet.Request forwarded = search();
        forwarded.uri = "/internal/view";
        requests.enter(FakeServlet.request("jakarta", forwarded), response);
        RequestContext inner = Requests.current();
        assertThat(inner).isNotSameAs(outer);
        assertThat(inner.parent).isSameAs(outer);
        assertThat(inner.root()).isSameAs(outer);
        requests.exit();
        assertThat(inner.ended()).isTrue();
        assertThat(Requests.current()).isSameAs(outer);
        requests.exit();
        assertThat(outer.ended()).as("still entered once").isFalse();
        requests.exit();
        assertThat(outer.ended()).isTrue();
        assertThat(started).containsExactly(outer, inner);
    }

    @Test
    void nothingIsRecordedWhileNoAspectWantsRequestsButEntriesAndExitsStayBalanced() throws Exception {
        Dispatcher.setActive(0);
        Object request = FakeServlet.request("javax", search());
        requests.enter(request, null);
        assertThat(Requests.depth()).isEqualTo(1);
        Dispatcher.setActive(1 << JoinPoints.HTTP_REQUEST);
        assertThat(Requests.current()).as("the slot of an idle entry is empty").isNull();
        requests.exit();
        assertThat(Requests.depth()).isZero();
        assertThat(started).isEmpty();
    }

    @Test
    void attachmentsBelongToTheWholeRequestAndAreDroppedWhenItEnds() throws Exception {
        Object request = FakeServlet.request("jakarta", search());
        Object response = FakeServlet.response("jakarta", new FakeServlet.Response());
        requests.enter(request, response);
        RequestContext outer = Requests.current();
        outer.attach("data.lineage", "reads");
        requests.enter(FakeServlet.request("jakarta", search()), response);
        RequestContext forward = Requests.current();
        assertThat(forward).isNotSameAs(outer);
        assertThat(forward.attachment("data.lineage")).as("a forward sees what the request kept").isEqualTo("reads");
        forward.attach("data.records", 3);
        requests.exit();
        assertThat(outer.attachment("data.records")).as("the forward's attachment is the request's").isEqualTo(3);
        requests.exit();
        assertThat(outer.ended()).isTrue();
        assertThat(outer.attachment("data.lineage")).as("dropped when the request ends").isNull();
        outer.attach("data.lineage", "late");
        assertThat(outer.attachment("data.lineage")).as("nothing is kept after the end").isNull();
    }

    @Test
    void aNonHttpRequestIsNotRecorded() {
        requests.enter("not a servlet request", null);
        assertThat(Requests.current()).isNull();
        requests.exit();
        assertThat(Requests.depth()).isZero();
    }

    @Test
    void aRuleBlockingTheRequestItselfLeavesTheStackAsItWas() throws Exception {
        Requests blocking = new Requests(c -> {
            throw new BlockedException("no", "ev-1");
        });
        assertThatThrownBy(() -> blocking.enter(FakeServlet.request("javax", search()), null)).isInstanceOf(BlockedException.class);
        assertThat(Requests.depth()).isZero();
    }

    @Test
    void executorTasksSeeTheRequestTheyWereSubmittedFromAndNothingAfterwards() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            requests.enter(FakeServlet.request("jakarta", search()), null);
            RequestContext c = Requests.current();
            Callable<RequestContext> task = Requests::current;
            @SuppressWarnings("unchecked")
            Callable<RequestContext> wrapped = (Callable<RequestContext>) Dispatcher.wrap(task);
            assertThat(wrapped).isNotSameAs(task);
            assertThat(pool.submit(wrapped).get()).isSameAs(c);
            assertThat(pool.submit(task).get()).as("the pool thread's stack is empty again").isNull();
            assertThat(Dispatcher.wrap(wrapped)).as("wrapped once").isSameAs(wrapped);
            requests.exit();
            assertThat(Dispatcher.wrap(task)).as("outside a request nothing is wrapped").isSameAs(task);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void completableFutureStagesSeeTheRequestAndExceptionsPassThrough() throws Exception {
        requests.enter(FakeServlet.request("javax", search()), null);
        RequestContext c = Requests.current();
        @SuppressWarnings("unchecked")
        Supplier<RequestContext> supplier = (Supplier<RequestContext>) Dispatcher.wrap((Supplier<RequestContext>) Requests::current);
        assertThat(CompletableFuture.supplyAsync(supplier).get()).isSameAs(c);
        @SuppressWarnings("unchecked")
        java.util.function.Function<String, String> f = (java.util.function.Function<String, String>) Dispatcher.wrap(
                (java.util.function.Function<String, String>) s -> s + (Requests.current() == c));
        assertThat(CompletableFuture.completedFuture("x").thenApplyAsync(f).get()).isEqualTo("xtrue");
        @SuppressWarnings("unchecked")
        java.util.function.BiFunction<String, Throwable, String> h = (java.util.function.BiFunction<String, Throwable, String>) Dispatcher.wrap(
                (java.util.function.BiFunction<String, Throwable, String>) (s, e) -> {
                    throw new IllegalStateException("from the task");
                });
        assertThatThrownBy(() -> CompletableFuture.completedFuture("x").handleAsync(h).get()).hasRootCauseMessage("from the task");
        requests.exit();
    }

    @Test
    void aTaskThatRunsAfterTheRequestEndedKeepsWhatWasReadAtSubmission() throws Exception {
        FakeServlet.Request r = search();
        requests.enter(FakeServlet.request("jakarta", r), null);
        @SuppressWarnings("unchecked")
        Callable<List<RequestInput>> task = (Callable<List<RequestInput>>) Dispatcher.wrap(
                (Callable<List<RequestInput>>) () -> Requests.current().inputs());
        requests.exit();
        r.query = "recycled=for-another-request";
        List<RequestInput> seen = task.call();
        assertThat(seen).extracting(RequestInput::toString).contains("query:page=2").doesNotContain("query:recycled=for-another-request");
    }

    @Test
    void theBodyTheApplicationReadsBecomesInputs() throws Exception {
        FakeServlet.Request r = new FakeServlet.Request();
        r.method = "POST";
        r.contentType = "application/json; charset=UTF-8";
        requests.enter(FakeServlet.request("jakarta", r), null);
        byte[] body = "{\"user\":{\"name\":\"alice' --\",\"tags\":[\"a\",\"b\"]},\"n\":12,\"cut\":\"unfini".getBytes(StandardCharsets.UTF_8);
        Dispatcher.bodyRead(10, this, body, 0);
        Dispatcher.bodyRead(body.length - 10, this, body, 10);
        assertThat(Requests.current().inputs()).extracting(RequestInput::toString)
                .contains("json:/user/name=alice' --", "json:/user/tags/1=b", "json:/n=12", "json:/cut=unfini");
        requests.exit();

        FakeServlet.Request form = new FakeServlet.Request();
        form.method = "POST";
        form.contentType = "application/x-www-form-urlencoded";
        form.query = "a=1";
        requests.enter(FakeServlet.request("javax", form), null);
        RequestContext c = Requests.current();
        assertThat(c.inputs()).extracting(RequestInput::source).doesNotContain("form");
        byte[] fields = "file=..%2F..%2Fetc%2Fpasswd&x=%E4%BD%A0".getBytes(StandardCharsets.UTF_8);
        char[] chars = new String(fields, StandardCharsets.UTF_8).toCharArray();
        Dispatcher.bodyRead(chars.length, this, chars, 0);
        assertThat(c.inputs()).extracting(RequestInput::toString).contains("query:a=1", "form:file=../../etc/passwd", "form:x=你");
        assertThat(form.parameterCalls).as("the form came from what was read; getParameterMap would consume an unread body").isZero();
        requests.exit();
    }

    @Test
    void theBodyPrefixIsBounded() throws Exception {
        FakeServlet.Request r = new FakeServlet.Request();
        r.contentType = "text/plain";
        requests.enter(FakeServlet.request("jakarta", r), null);
        byte[] chunk = new byte[5000];
        java.util.Arrays.fill(chunk, (byte) 'x');
        Dispatcher.bodyRead(chunk.length, this, chunk, 0);
        Dispatcher.bodyRead(chunk.length, this, chunk, 0);
        assertThat(Requests.current().body()).hasSize(RequestContext.BODY_LIMIT);
        requests.exit();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"javax", "jakarta"})
    void aBlockAnswers403NamingTheEventWhenTheResponseIsNotCommitted(String namespace) throws Exception {
        FakeServlet.Response out = new FakeServlet.Response();
        requests.enter(FakeServlet.request(namespace, search()), FakeServlet.response(namespace, out));
        out.body.write("<html>half a page".getBytes(StandardCharsets.UTF_8));
        out.contentType = "text/html";
        RequestContext c = Requests.current();
        assertThat(c.forbid("ev-0123")).isEqualTo("403");
        assertThat(out.resets).isTrue();
        assertThat(out.status).isEqualTo(403);
        assertThat(out.contentType).startsWith("application/json");
        assertThat(out.body()).isEqualTo("{\"error\":\"request blocked by secplane\",\"event\":\"ev-0123\"}\n");
        assertThat(out.committed).isTrue();
        assertThat(c.forbid("ev-0124")).as("answered once").isEqualTo("answered");
        requests.exit();
    }

    @Test
    void aCommittedOrEndedResponseIsLeftAlone() throws Exception {
        FakeServlet.Response out = new FakeServlet.Response();
        out.committed = true;
        requests.enter(FakeServlet.request("jakarta", search()), FakeServlet.response("jakarta", out));
        RequestContext c = Requests.current();
        assertThat(c.forbid("ev-1")).isEqualTo("committed");
        assertThat(out.status).isEqualTo(200);
        requests.exit();
        FakeServlet.Response later = new FakeServlet.Response();
        requests.enter(FakeServlet.request("jakarta", search()), FakeServlet.response("jakarta", later));
        RequestContext d = Requests.current();
        requests.exit();
        assertThat(d.forbid("ev-2")).isEqualTo("ended");
        assertThat(later.status).isEqualTo(200);
    }
}
