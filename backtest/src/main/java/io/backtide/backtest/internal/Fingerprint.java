package io.backtide.backtest.internal;

import io.backtide.backtest.DataFile;
import io.backtide.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The SHA-256 that pins a result: over the files actually read (each one's relative path and
 * SHA-256, in day order) and every setting that changes the outcome (feed, range, window, schedule,
 * resolution, missing-days policy, the tracker's class and the scorer). The cache folder and the
 * coordinator are left out: the same bytes give the same result wherever they came from.
 */
public final class Fingerprint {

  private static final String VERSION = "backtide-backtest-fingerprint-v1";

  private Fingerprint() {}

  /**
   * @param settings name to value, in a fixed order (values by {@code toString})
   * @param files the files read, oldest first
   */
  public static String of(Map<String, ?> settings, List<DataFile> files) {
    StringBuilder b = new StringBuilder(VERSION).append('\n');
    settings.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
    for (DataFile f : files) {
      b.append("file=").append(f.relativePath()).append(' ').append(f.sha256()).append('\n');
    }
    return Sha256.of(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A class's name without the per-JVM address of a hidden class ({@code Foo$$Lambda$12/0x...}
   * becomes {@code Foo$$Lambda$12}), so that a lambda scorer gives the same fingerprint in a new
   * JVM that creates its lambdas in the same order.
   */
  public static String stableName(Class<?> type) {
    String name = type.getName();
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }
}
