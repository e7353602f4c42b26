package io.backtide.jobs.provider;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a UTC day's rows came from in a run: the provider's published archive (with the sha256 of
 * the verified file), its REST API, or both ({@code mixed}: part of the day from each).
 */
public record DayOrigin(Kind kind, Optional<String> archiveSha256) {

  /** The index's {@code origin} values. */
  public enum Kind {
    ARCHIVE,
    REST,
    MIXED;

    /** {@code archive}, {@code rest} or {@code mixed}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose {@link #code()} is {@code code}. */
    public static Kind of(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  public static final DayOrigin REST = new DayOrigin(Kind.REST, Optional.empty());

  public DayOrigin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(archiveSha256, "archiveSha256");
    if (kind == Kind.REST && archiveSha256.isPresent()) {
      throw new IllegalArgumentException("a REST day has no archive file");
    }
  }

  public static DayOrigin archive(String sha256) {
    return new DayOrigin(Kind.ARCHIVE, Optional.of(sha256));
  }

  /** As text: the kind's code, then {@code :} and the archive file's sha256 when there is one. */
  public String toText() {
    return kind.code() + archiveSha256.map(sha -> ":" + sha).orElse("");
  }

  /** The origin {@link #toText()} wrote. */
  public static DayOrigin fromText(String text) {
    int colon = text.indexOf(':');
    Kind kind = Kind.of(colon < 0 ? text : text.substring(0, colon));
    return new DayOrigin(
        kind, colon < 0 ? Optional.empty() : Optional.of(text.substring(colon + 1)));
  }

  /** This day's origin after more of it came from {@code other}. */
  public DayOrigin and(DayOrigin other) {
    if (other.kind == kind && other.archiveSha256.equals(archiveSha256)) {
      return this;
    }
    return new DayOrigin(Kind.MIXED, archiveSha256.or(() -> other.archiveSha256));
  }
}
