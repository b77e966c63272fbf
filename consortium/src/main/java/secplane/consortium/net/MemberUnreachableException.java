package secplane.consortium.net;

/** A member could not be reached, failed authentication, or refused the request: the caller records what is missing. */
public final class MemberUnreachableException extends RuntimeException {
    private final String member;

    public MemberUnreachableException(String member, String message, Throwable cause) {
        super(member + ": " + message, cause);
        this.member = member;
    }

    public String member() {
        return member;
    }
}
