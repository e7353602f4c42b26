package io.backtide.jobs.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The providers' failure messages: one line each, naming the request, the status and the body. */
public final class ProviderErrors {
  static final int EXCERPT_CHARS = 200;
  private static final Set<String> SECRET_PARAMETERS =
      Set.of("signature", "apikey", "api_key", "key", "token", "access_token", "secret");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private ProviderErrors() {}

  /** {@code GET url} with the user info and any secret-looking query parameter masked. */
  public static String request(URI uri) {
    String query = uri.getRawQuery();
    StringBuilder out = new StringBuilder("GET ").append(uri.getScheme()).append("://");
    out.append(uri.getHost()).append(uri.getPort() < 0 ? "" : ":" + uri.getPort());
    out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (query != null) {
      out.append('?');
      String separator = "";
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        boolean secret = SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
        out.append(separator).append(secret ? name + "=***" : pair);
        separator = "&";
      }
    }
    return out.toString();
  }

  /** The start of a body as one line of at most {@value #EXCERPT_CHARS} characters. */
  public static String excerpt(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, EXCERPT_CHARS * 4), UTF_8);
    text = oneLine(text);
    return text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "..." : text;
  }

  /** {@code text} with every run of white space (new lines included) made one space. */
  public static String oneLine(String text) {
    return text == null ? "" : SPACE.matcher(text).replaceAll(" ").strip();
  }

  /** The request failed for good: a permanent answer, or a transient one beyond the patience. */
  static ProviderException failed(
      String request, Failure failure, int attempts, Duration outage, RetryPolicy policy) {
    String over = attempts > 1 ? " over " + seconds(outage) : "";
    String why =
        failure.retryable()
            ? " (failing for longer than max_outage " + seconds(policy.maxOutage()) + ")"
            : " (not retried: the provider refuses the request itself)";
    return new ProviderException(
        request
            + " failed after "
            + attempts
            + " attempt(s)"
            + over
            + ": "
            + failure.detail()
            + why,
        failure.status(),
        failure.cause());
  }

  static ProviderException retryAfterTooLong(
      String request, Failure failure, Duration retryAfter, RetryPolicy policy) {
    return new ProviderException(
        request
            + " failed: "
            + failure.detail()
            + " and Retry-After "
            + seconds(retryAfter)
            + " is beyond the patience left (max_outage "
            + seconds(policy.maxOutage())
            + ")",
        failure.status(),
        failure.cause());
  }

  static ProviderException interrupted(String request, InterruptedException e) {
    return new ProviderException(request + " interrupted: the job is stopping", null, e);
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
