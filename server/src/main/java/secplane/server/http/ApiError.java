package secplane.server.http;

/**
 * A request the server refuses, with the status and the {@code {"error","message"}} body of
 * docs/protocol.md. Thrown anywhere inside a request's transaction, it rolls that transaction back.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad-request", message);
    }

    public static ApiError invalid(String message) {
        return new ApiError(400, "invalid", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not-found", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "too-large", message);
    }

    public static ApiError unsupportedMedia(String message) {
        return new ApiError(415, "unsupported-media-type", message);
    }
}
