package secplane.agent.core.request;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A task submitted while a request was being served, carrying that request into the thread that
 * runs it: the context is current for exactly the duration of the task and removed afterwards,
 * whatever the task throws. It implements every functional type a woven submission hands over
 * (executors take {@code Runnable} and {@code Callable}, {@code CompletableFuture} stages the
 * {@code java.util.function} types), so the woven code can cast it back to the parameter's type.
 * {@code Function} and {@code BiFunction} cannot be implemented by one class (their {@code andThen}
 * clash), so a task that is one of them gets the subclass that adds it ({@link #of}).
 * Exceptions pass through unchanged.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class ContextTask implements Runnable, Callable, Supplier, Consumer, BiConsumer {
    private final Object task;
    private final RequestContext context;

    ContextTask(Object task, RequestContext context) {
        this.task = task;
        this.context = context;
    }

    static ContextTask of(Object task, RequestContext context) {
        if (task instanceof Function) {
            return new FunctionTask(task, context);
        }
        if (task instanceof BiFunction) {
            return new BiFunctionTask(task, context);
        }
        return new ContextTask(task, context);
    }

    final Object task() {
        return task;
    }

    final RequestContext context() {
        return context;
    }

    @Override
    public void run() {
        Requests.push(context);
        try {
            ((Runnable) task).run();
        } finally {
            Requests.pop();
        }
    }

    @Override
    public Object call() throws Exception {
        Requests.push(context);
        try {
            return ((Callable) task).call();
        } finally {
            Requests.pop();
        }
    }

    @Override
    public Object get() {
        Requests.push(context);
        try {
            return ((Supplier) task).get();
        } finally {
            Requests.pop();
        }
    }

    static final class FunctionTask extends ContextTask implements Function {
        FunctionTask(Object task, RequestContext context) {
            super(task, context);
        }

        @Override
        public Object apply(Object t) {
            Requests.push(context());
            try {
                return ((Function) task()).apply(t);
            } finally {
                Requests.pop();
            }
        }
    }

    static final class BiFunctionTask extends ContextTask implements BiFunction {
        BiFunctionTask(Object task, RequestContext context) {
            super(task, context);
        }

        @Override
        public Object apply(Object t, Object u) {
            Requests.push(context());
            try {
                return ((BiFunction) task()).apply(t, u);
            } finally {
                Requests.pop();
            }
        }
    }

    @Override
    public void accept(Object t) {
        Requests.push(context);
        try {
            ((Consumer) task).accept(t);
        } finally {
            Requests.pop();
        }
    }

    @Override
    public void accept(Object t, Object u) {
        Requests.push(context);
        try {
            ((BiConsumer) task).accept(t, u);
        } finally {
            Requests.pop();
        }
    }

    @Override
    public String toString() {
        return String.valueOf(task);
    }
}
