package io.backtide.backtest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassPreloadTest {

  /** Set by {@link Initialised}'s static initialiser: it must not run when preloaded. */
  static volatile boolean initialised;

  static final class Initialised {
    static {
      initialised = true;
    }
  }

  @Test
  void theShippedListNamesOnlyClassesThisClassPathHas() {
    List<String> names = ClassPreload.names();
    ClassLoader loader = ClassPreloadTest.class.getClassLoader();

    assertThat(names)
        .as("run scripts/first-run-classes.sh to record the list again")
        .hasSizeGreaterThan(5_000)
        .contains(
            "org.apache.spark.sql.classic.SparkSession",
            "org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat")
        .doesNotHaveDuplicates()
        .allMatch(
            name -> loader.getResource(name.replace('.', '/') + ".class") != null,
            "on the class path (else run scripts/first-run-classes.sh after an upgrade)");
  }

  @Test
  void classesAreLoadedButNotInitialisedAndUnknownNamesAreSkipped() throws Exception {
    String name = Initialised.class.getName();
    ClassLoader loader = ClassPreloadTest.class.getClassLoader();

    int loaded =
        ClassPreload.load(
            List.of("no.such.Klass", name, "java.lang.String", "no.such.Other"), loader);

    assertThat(loaded).isEqualTo(2);
    assertThat(initialised).as("no static initialiser ran").isFalse();
    assertThat(Class.forName(name, true, loader)).isSameAs(Initialised.class);
    assertThat(initialised).isTrue();
  }
}
