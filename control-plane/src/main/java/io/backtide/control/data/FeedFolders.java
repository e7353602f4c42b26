package io.backtide.control.data;

import io.backtide.core.FeedKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feed folders under {@code published/} ({@code {source}/{subject}/{kind}/{granularity}}),
 * found without listing the day files: only the three levels of folders above them are listed, and
 * each listing is kept until its folder's modification time or identity changes. A folder changed
 * within the last second is listed again on the next call, because two changes inside one tick of
 * the file system's clock leave the same time.
 */
final class FeedFolders {
  private static final long SETTLE_MILLIS = 1_000;

  private final Path published;
  private final Map<Path, Listing> listings = new ConcurrentHashMap<>();

  private record Listing(
      FileTime modified, Object fileKey, long listedAtMillis, List<String> dirs) {
    boolean stillValid(BasicFileAttributes now) {
      return now.lastModifiedTime().equals(modified)
          && String.valueOf(now.fileKey()).equals(String.valueOf(fileKey))
          && listedAtMillis - modified.toMillis() > SETTLE_MILLIS;
    }
  }

  FeedFolders(Path published) {
    this.published = published;
  }

  /** Every feed with a folder, in no particular order. */
  List<FeedKey> feeds() {
    List<FeedKey> feeds = new ArrayList<>();
    for (String source : dirs(published)) {
      Path s = published.resolve(source);
      for (String subject : dirs(s)) {
        Path sub = s.resolve(subject);
        for (String kind : dirs(sub)) {
          for (String granularity : dirs(sub.resolve(kind))) {
            feed(source, subject, kind, granularity).ifPresent(feeds::add);
          }
        }
      }
    }
    return feeds;
  }

  private static java.util.Optional<FeedKey> feed(String... parts) {
    try {
      return java.util.Optional.of(FeedKey.of(parts[0], parts[1], parts[2], parts[3]));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private List<String> dirs(Path dir) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      listings.remove(dir);
      return List.of();
    }
    Listing cached = listings.get(dir);
    if (cached != null && cached.stillValid(attrs)) {
      return cached.dirs();
    }
    long listedAt = System.currentTimeMillis();
    List<String> dirs = list(dir);
    listings.put(dir, new Listing(attrs.lastModifiedTime(), attrs.fileKey(), listedAt, dirs));
    return dirs;
  }

  /** The sub-folders, without hidden ones (temp folders) and without symbolic links. */
  private static List<String> list(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (!name.startsWith(".") && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return List.copyOf(names);
  }
}
