package io.backtide.control;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses what a hostile web page could make an operator's browser send: a {@code Host} that is not
 * a name of this control plane (DNS rebinding), and state-changing requests from another origin or
 * with a body that is not JSON (the "simple" cross-site requests a page may send without asking).
 * Runs before the API key check, on every route.
 */
final class RequestGuard {
  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  private final String bindHost;
  private final NetworkAccess access;

  RequestGuard(String bindHost, NetworkAccess access) {
    this.bindHost = bindHost.toLowerCase(Locale.ROOT);
    this.access = access;
  }

  void check(Context ctx) {
    String host = ctx.header("Host");
    if (host != null && !knownHost(hostName(host))) {
      throw new ApiException(
          403,
          "forbidden",
          "Host '"
              + host
              + "' is not a name of this control plane: use its IP address or localhost, or add"
              + " the name to ALLOWED_HOSTS");
    }
    if (!WRITES.contains(ctx.method())) {
      return;
    }
    String origin = ctx.header("Origin");
    if (origin != null
        && !sameOrigin(origin, host)
        && !access.allowedOrigins().contains(lower(origin))) {
      throw new ApiException(
          403,
          "forbidden",
          "cross-site request from origin '"
              + origin
              + "' refused: only the control plane's own page may change state (other pages:"
              + " add their origin to ALLOWED_ORIGINS)");
    }
    if (hasBody(ctx) && !isJson(ctx.header("Content-Type"))) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "Content-Type '"
              + ctx.header("Content-Type")
              + "' is not accepted: send the body as JSON with Content-Type: application/json");
    }
  }

  private boolean knownHost(String name) {
    return NetworkAccess.isAddress(name)
        || name.equals("localhost")
        || name.equals(bindHost)
        || access.allowedHosts().contains(name)
        || access.allowedHosts().contains("*");
  }

  /** {@code Host} without its port, lower-cased: {@code [::1]:8000} is {@code [::1]}. */
  static String hostName(String host) {
    String h = lower(host.trim());
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /**
   * The origin names the server the request went to (scheme aside: a TLS proxy may sit between).
   */
  private static boolean sameOrigin(String origin, String host) {
    return host != null && NetworkAccess.authority(origin).equals(withoutDefaultPort(lower(host)));
  }

  private static String withoutDefaultPort(String host) {
    return host.endsWith(":80") || host.endsWith(":443")
        ? host.substring(0, host.lastIndexOf(':'))
        : host;
  }

  /** A body, or a declared type: a form or {@code text/plain} POST carries one even when empty. */
  private static boolean hasBody(Context ctx) {
    return ctx.header("Content-Type") != null
        || ctx.contentLength() > 0
        || ctx.header("Transfer-Encoding") != null;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = lower(contentType.split(";", 2)[0].trim());
    return type.equals("application/json");
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
