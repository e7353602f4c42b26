package io.backtide.jobs.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DayOriginTest {
  static final String SHA = "a".repeat(64);

  @Test
  void aDayFromBothPathsIsMixedAndKeepsTheArchiveDigest() {
    assertThat(DayOrigin.REST.and(DayOrigin.archive(SHA)))
        .isEqualTo(new DayOrigin(DayOrigin.Kind.MIXED, Optional.of(SHA)));
    assertThat(DayOrigin.archive(SHA).and(DayOrigin.REST).kind().code()).isEqualTo("mixed");
  }

  @Test
  void moreOfTheSamePathChangesNothing() {
    assertThat(DayOrigin.archive(SHA).and(DayOrigin.archive(SHA)))
        .isEqualTo(DayOrigin.archive(SHA));
    assertThat(DayOrigin.REST.and(DayOrigin.REST)).isSameAs(DayOrigin.REST);
  }

  @Test
  void aRestDayHasNoArchiveFile() {
    assertThatThrownBy(() -> new DayOrigin(DayOrigin.Kind.REST, Optional.of(SHA)))
        .hasMessage("a REST day has no archive file");
  }

  @Test
  void anOriginSurvivesItsTextAsBulkTasksReportIt() {
    String sha = "ab".repeat(32);
    for (DayOrigin o :
        java.util.List.of(
            DayOrigin.REST, DayOrigin.archive(sha), DayOrigin.archive(sha).and(DayOrigin.REST))) {
      assertThat(DayOrigin.fromText(o.toText())).isEqualTo(o);
    }
    assertThat(DayOrigin.archive(sha).toText()).isEqualTo("archive:" + sha);
    assertThat(DayOrigin.REST.toText()).isEqualTo("rest");
  }
}
