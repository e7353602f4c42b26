package io.backtide.control;

/**
 * A request that cannot be served, with the HTTP status to answer. Services throw it (through their
 * area's error factory) without knowing about HTTP frameworks; {@link ErrorMapping} turns it into a
 * response.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String error;

  public ApiException(int status, String error, String detail) {
    super(detail);
    this.status = status;
    this.error = error;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(400, "invalid_request", detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not_found", detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", detail);
  }

  public static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", detail);
  }

  public static ApiException tooManyRequests(String detail) {
    return new ApiException(429, "too_many_requests", detail);
  }

  public int status() {
    return status;
  }

  public ApiError body() {
    return new ApiError(error, getMessage());
  }
}
