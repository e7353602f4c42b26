package io.backtide.control.data;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The answers of recent index requests, by filter, each valid while the feed indexes it was built
 * from are the current ones (compared by identity: a re-read feed index is a new object). Bounded
 * in count and bytes, least recently used first out; the full manifest is never evicted. A hit
 * takes no lock (50 clients asking for the same month must not queue on one monitor); storing and
 * evicting do. One build at a time per filter: fifty clients asking after a commit cause one build,
 * not fifty.
 */
final class IndexAnswers {
  static final int MAX_ANSWERS = 128;
  static final long MAX_BYTES = 64L << 20;
  private static final int STRIPES = 16;

  private final String pinnedKey;
  private final Map<String, Cached> recent = new ConcurrentHashMap<>();
  private final Object[] stripes = new Object[STRIPES];
  private long heldBytes;

  private static final class Cached {
    final List<FeedIndex> basis;
    final IndexBody body;
    volatile long lastUsed;

    Cached(List<FeedIndex> basis, IndexBody body, long lastUsed) {
      this.basis = basis;
      this.body = body;
      this.lastUsed = lastUsed;
    }

    boolean builtFrom(List<FeedIndex> current) {
      if (basis.size() != current.size()) {
        return false;
      }
      for (int i = 0; i < basis.size(); i++) {
        if (basis.get(i) != current.get(i)) {
          return false;
        }
      }
      return true;
    }
  }

  IndexAnswers(String pinnedKey) {
    this.pinnedKey = pinnedKey;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /** The answer for {@code key} built from {@code basis}, from memory when it is still current. */
  IndexBody get(String key, List<FeedIndex> basis, Supplier<IndexBody> build) {
    IndexBody hit = lookup(key, basis);
    if (hit != null) {
      return hit;
    }
    synchronized (stripes[Math.floorMod(key.hashCode(), STRIPES)]) {
      hit = lookup(key, basis);
      if (hit != null) {
        return hit;
      }
      IndexBody body = build.get();
      store(key, new Cached(List.copyOf(basis), body, System.nanoTime()));
      return body;
    }
  }

  private IndexBody lookup(String key, List<FeedIndex> basis) {
    Cached cached = recent.get(key);
    if (cached == null || !cached.builtFrom(basis)) {
      return null;
    }
    cached.lastUsed = System.nanoTime();
    return cached.body;
  }

  private synchronized void store(String key, Cached cached) {
    Cached old = recent.remove(key);
    if (old != null) {
      heldBytes -= old.body.heldBytes();
    }
    if (!key.equals(pinnedKey) && cached.body.heldBytes() > MAX_BYTES / 4) {
      return;
    }
    recent.put(key, cached);
    heldBytes += cached.body.heldBytes();
    while (heldBytes > MAX_BYTES || recent.size() > MAX_ANSWERS) {
      Map.Entry<String, Cached> eldest = null;
      for (Map.Entry<String, Cached> e : recent.entrySet()) {
        boolean evictable = !e.getKey().equals(pinnedKey) && !e.getKey().equals(key);
        if (evictable && (eldest == null || e.getValue().lastUsed < eldest.getValue().lastUsed)) {
          eldest = e;
        }
      }
      if (eldest == null) {
        return;
      }
      recent.remove(eldest.getKey());
      heldBytes -= eldest.getValue().body.heldBytes();
    }
  }
}
