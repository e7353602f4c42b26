package io.backtide.control.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.backtide.core.FeedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The answer cache: hits while the basis is current, rebuilds after, least recently used out. */
class IndexAnswersTest {

  private static final FeedKey FEED = FeedKey.parse("sim/A/candle/1m");
  private final AtomicInteger builds = new AtomicInteger();

  private IndexBody body(String generatedAt) {
    builds.incrementAndGet();
    return IndexBody.write(generatedAt, List.of());
  }

  private static List<FeedIndex> basis(String generatedAt) {
    return List.of(FeedIndex.of(FEED, generatedAt, List.of()));
  }

  @Test
  void anAnswerIsBuiltOnceWhileItsBasisIsCurrentAndAgainWhenAFeedIndexIsReRead() {
    IndexAnswers answers = new IndexAnswers("everything");
    List<FeedIndex> v1 = basis("2026-01-01T00:00:00Z");

    IndexBody first = answers.get("k", v1, () -> body("a"));
    IndexBody hit = answers.get("k", List.copyOf(v1), () -> body("b"));
    IndexBody rebuilt = answers.get("k", basis("2026-01-01T00:00:00Z"), () -> body("c"));

    assertThat(hit).isSameAs(first);
    assertThat(rebuilt).isNotSameAs(first);
    assertThat(builds).hasValue(2);
  }

  @Test
  void pastTheCountBoundTheLeastRecentlyUsedGoesButNeverThePinnedAnswer() {
    IndexAnswers answers = new IndexAnswers("everything");
    List<FeedIndex> b = basis("2026-01-01T00:00:00Z");
    answers.get("everything", b, () -> body("pinned"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < IndexAnswers.MAX_ANSWERS - 1; i++) {
      keys.add("k" + i);
      answers.get("k" + i, b, () -> body("x"));
    }
    answers.get("k0", b, () -> body("again")); // k0 used again: k1 is now the eldest
    builds.set(0);

    answers.get("new", b, () -> body("new")); // one over the bound: evicts k1
    answers.get("k0", b, () -> body("k0"));
    answers.get("everything", b, () -> body("pinned"));
    assertThat(builds).as("k0 and the pinned answer stayed").hasValue(1);

    answers.get("k1", b, () -> body("k1"));
    assertThat(builds).as("k1, the least recently used, was evicted").hasValue(2);
  }
}
