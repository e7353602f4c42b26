package io.backtide.jobs.provider.binance;

import io.backtide.jobs.provider.SourceRow;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.zip.ZipInputStream;

/**
 * One downloaded archive file whose sha256 matched its {@code .CHECKSUM}: the zip (a file in the
 * source's {@link ArchiveScratch}, never in memory) and the period it covers ({@code [start, end)}:
 * a UTC day or a calendar month).
 */
record ArchiveFile(String name, Path zip, String sha256, Instant start, Instant end) {
  ArchiveFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zip, "zip");
    Objects.requireNonNull(sha256, "sha256");
  }

  boolean covers(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  /** Reads the rows of the zip's one CSV from the start. */
  ArchiveCsv open(boolean trades) {
    try {
      ZipInputStream in =
          new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip), 1 << 16));
      if (in.getNextEntry() == null) {
        throw new MalformedArchiveException(name, "holds no file", null);
      }
      return new ArchiveCsv(new AsciiLines(in, ArchiveCsv.MAX_FIELDS), name, trades, start, end);
    } catch (IOException e) {
      throw new MalformedArchiveException(name, "is not a readable zip: " + e.getMessage(), e);
    }
  }

  /** Deletes the downloaded zip (read, or no longer wanted). */
  void delete() {
    ArchiveScratch.deleteQuietly(zip);
  }

  /** Every row of the file (for tests and small files). */
  java.util.List<SourceRow> rows(boolean trades) {
    java.util.List<SourceRow> out = new java.util.ArrayList<>();
    try (ArchiveCsv csv = open(trades)) {
      for (SourceRow r = csv.next(); r != null; r = csv.next()) {
        out.add(r);
      }
    }
    return out;
  }
}
