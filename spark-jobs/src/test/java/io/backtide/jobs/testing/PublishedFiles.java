package io.backtide.jobs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
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

  private static String hash(Path file) throws IOException, Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      md.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
