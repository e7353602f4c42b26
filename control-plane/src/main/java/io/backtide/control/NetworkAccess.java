package io.backtide.control;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may reach the control plane from elsewhere than this machine, read from {@code ALLOW_OPEN},
 * {@code ALLOWED_HOSTS} and {@code ALLOWED_ORIGINS}.
 *
 * @param allowOpen serve a non-loopback {@code HOST} without {@code API_KEY} (isolated networks
 *     only; logged loudly)
 * @param allowedHosts host names requests may carry in {@code Host} besides IP addresses, {@code
 *     localhost} and {@code HOST}; {@code *} accepts any (turns off the DNS-rebinding check)
 * @param allowedOrigins origins ({@code https://ops.example:8443}) whose pages may change state,
 *     besides the control plane's own
 */
public record NetworkAccess(
    boolean allowOpen, List<String> allowedHosts, List<String> allowedOrigins) {
  static final NetworkAccess LOOPBACK_ONLY = new NetworkAccess(false, List.of(), List.of());

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-f:.]*:[0-9a-f:.]*]?");
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\*|\\[[0-9a-f:.]+]");

  public NetworkAccess {
    allowedHosts = List.copyOf(allowedHosts);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** Comma-separated {@code ALLOWED_HOSTS}, lower-cased; each a host name or {@code *}. */
  static List<String> parseHosts(String text) {
    List<String> hosts = split(text);
    for (String h : hosts) {
      if (!NAME.matcher(h).matches()) {
        throw ControlPlaneConfig.invalid(
            "ALLOWED_HOSTS", h, "host names without port, comma-separated, or *");
      }
    }
    return hosts;
  }

  /** Comma-separated {@code ALLOWED_ORIGINS}: scheme, host and optional port, nothing else. */
  static List<String> parseOrigins(String text) {
    List<String> origins = split(text);
    for (String o : origins) {
      boolean hasPath = o.indexOf('/', o.indexOf("://") + 3) >= 0;
      if (authority(o).isEmpty() || hasPath) {
        throw ControlPlaneConfig.invalid(
            "ALLOWED_ORIGINS", o, "origins such as https://ops.example:8443, comma-separated");
      }
    }
    return origins;
  }

  /** {@code localhost} or an address in 127.0.0.0/8 or {@code ::1}. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || (IPV4.matcher(h).matches() && h.startsWith("127."))
        || h.equals("::1")
        || h.equals("[::1]");
  }

  /** An IPv4 or IPv6 address, not a name: such a {@code Host} cannot come from DNS rebinding. */
  static boolean isAddress(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return IPV4.matcher(h).matches() || IPV6.matcher(h).matches();
  }

  /** Every interface: {@code 0.0.0.0} or {@code ::}. */
  static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** The {@code host[:port]} part of an origin, lower-cased, or empty when it has none. */
  static String authority(String origin) {
    try {
      URI uri = URI.create(origin);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return web && uri.getRawAuthority() != null
          ? uri.getRawAuthority().toLowerCase(Locale.ROOT)
          : "";
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static List<String> split(String text) {
    return Arrays.stream(Objects.requireNonNullElse(text, "").split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
