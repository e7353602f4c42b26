package io.backtide.control.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answers of recent index requests, by filter, each valid while the feed indexes it was built
 * from are the current ones (compared by identity: a re-read feed index is a new object). Bounded
 * in count and bytes, least recently used first out; the full manifest is never evicted. One build
 * at a time per filter: fifty clients asking after a commit cause one build, not fifty.
 */
final class IndexAnswers {
  static final int MAX_ANSWERS = 128;
  static final long MAX_BYTES = 64L << 20;
  private static final int STRIPES = 16;

  private final String pinnedKey;
  private final Map<String, Cached> recent = new LinkedHashMap<>(16, 0.75f, true);
  private final Object[] stripes = new Object[STRIPES];
  private long heldBytes;

  private record Cached(List<FeedIndex> basis, IndexBody body) {
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
      store(key, new Cached(List.copyOf(basis), body));
      return body;
    }
  }

  private synchronized IndexBody lookup(String key, List<FeedIndex> basis) {
    Cached cached = recent.get(key);
    return cached != null && cached.builtFrom(basis) ? cached.body() : null;
  }

  private synchronized void store(String key, Cached cached) {
    Cached old = recent.remove(key);
    if (old != null) {
      heldBytes -= old.body().heldBytes();
    }
    if (!key.equals(pinnedKey) && cached.body().heldBytes() > MAX_BYTES / 4) {
      return;
    }
    recent.put(key, cached);
    heldBytes += cached.body().heldBytes();
    Iterator<Map.Entry<String, Cached>> eldest = recent.entrySet().iterator();
    while ((heldBytes > MAX_BYTES || recent.size() > MAX_ANSWERS) && eldest.hasNext()) {
      Map.Entry<String, Cached> e = eldest.next();
      if (!e.getKey().equals(pinnedKey) && !e.getKey().equals(key)) {
        heldBytes -= e.getValue().body().heldBytes();
        eldest.remove();
      }
    }
  }
}
