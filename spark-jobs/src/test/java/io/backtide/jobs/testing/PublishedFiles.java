package io.backtide.jobs.testing;

import io.backtide.core.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The published daily files under a data root, as relative path -> sha256: two runs that should
 * agree byte for byte (local mode, a cluster, the table on S3) compare these maps.
 */
public final class PublishedFiles {
  private PublishedFiles() {}

  public static Map<String, String> sha256(Path dataDir) throws Exception {
    Path root = dataDir.resolve("published");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        out.put(root.relativize(f).toString(), hash(f));
      }
    }
    return out;
  }

  private static String hash(Path file) throws IOException {
    return Sha256.of(file);
  }
}
