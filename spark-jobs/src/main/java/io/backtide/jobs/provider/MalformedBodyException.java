package io.backtide.jobs.provider;

/**
 * A 200 answer whose body is not what the endpoint documents (a proxy's HTML page, a cut-off body,
 * a corrupt archive). Thrown by a {@link ProviderHttp.BodyReader}; the request is retried like any
 * transient failure, because such bodies come and go with the proxies that make them.
 */
public final class MalformedBodyException extends RuntimeException {
  public MalformedBodyException(String what, String detail, Throwable cause) {
    super("malformed " + what + ": " + ProviderErrors.oneLine(detail), cause);
  }
}
