package secplane.testaspects;

/** Named in a manifest as the aspect class, but does not implement the aspect API. */
public final class NotAnAspect {
}
