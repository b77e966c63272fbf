package secplane.aspect;

/** Lifecycle defaults for aspects that only need {@link #inspect} and a config. */
public abstract class AbstractAspect implements Aspect {
    private volatile AspectContext context;
    private volatile AspectConfig config = AspectConfig.EMPTY;

    @Override
    public void load(AspectContext context) throws Exception {
        this.context = context;
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        this.config = config;
    }

    @Override
    public void activate() {
    }

    @Override
    public void freeze() {
    }

    @Override
    public void unload() {
        context = null;
    }

    protected final AspectContext context() {
        return context;
    }

    protected final AspectConfig config() {
        return config;
    }
}
