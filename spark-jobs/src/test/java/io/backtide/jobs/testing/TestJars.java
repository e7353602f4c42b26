package io.backtide.jobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds application jars for {@code spark-submit} in tests, where Maven has compiled classes but
 * not packaged them yet (tests run before {@code package}).
 */
public final class TestJars {
  private TestJars() {}

  /** A jar of every file under the given class folders (on a clash the first folder wins). */
  public static Path ofFolders(Path jar, List<Path> folders) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Path folder : folders) {
        try (Stream<Path> files = Files.walk(folder)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = folder.relativize(f).toString().replace('\\', '/');
            if (name.equals("META-INF/MANIFEST.MF") || !seen.add(name)) {
              continue;
            }
            out.putNextEntry(new JarEntry(name));
            Files.copy(f, out);
            out.closeEntry();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jar, e);
    }
    return jar;
  }

  /** The class folder (or jar) that {@code type} was loaded from. */
  public static Path locationOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("odd code source for " + type, e);
    }
  }
}
