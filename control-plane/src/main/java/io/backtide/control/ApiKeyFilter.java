package io.backtide.control;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks {@code X-API-Key} or {@code Authorization: Bearer} on admin routes (and on data routes
 * when read auth is on). Both sides are hashed before a constant-time comparison, so neither the
 * content nor the length of the key leaks through timing. The key is never logged. Wrong keys are
 * throttled per client address ({@link WrongKeyThrottle}: 429 with {@code Retry-After}).
 */
final class ApiKeyFilter {
  static final String HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";

  private final byte[] keyHash;
  private final boolean readAuth;
  private final WrongKeyThrottle throttle;

  ApiKeyFilter(String key, boolean readAuth, WrongKeyThrottle throttle) {
    this.keyHash = sha256(key);
    this.readAuth = readAuth;
    this.throttle = throttle;
  }

  void check(Context ctx) {
    if (!protects(ctx.path())) {
      return;
    }
    Optional<String> presented = presented(ctx);
    if (presented.isEmpty()) {
      throw ApiException.unauthorized(
          "this route needs the API key: send it as X-API-Key: <key> or Authorization: Bearer <key>");
    }
    String address = ctx.ip();
    Optional<Duration> wait = throttle.blocked(address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      ctx.header("Retry-After", String.valueOf(seconds));
      throw ApiException.tooManyRequests(
          "too many wrong API keys from " + address + ": try again in " + seconds + " s");
    }
    if (!MessageDigest.isEqual(keyHash, sha256(presented.get()))) {
      throttle.failed(address);
      throw ApiException.unauthorized("the API key is wrong: check the API_KEY of the server");
    }
    throttle.succeeded(address);
  }

  private boolean protects(String path) {
    return path.startsWith("/reports/backfill") || (readAuth && path.startsWith("/data/"));
  }

  private static Optional<String> presented(Context ctx) {
    String key = ctx.header(HEADER);
    if (key != null && !key.isBlank()) {
      return Optional.of(key.trim());
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.of(auth.substring(BEARER.length()).trim()).filter(s -> !s.isEmpty());
    }
    return Optional.empty();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
