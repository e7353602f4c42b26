package io.backtide.jobs.provider.binance;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AsciiLinesTest {
  /** A stream that hands out at most {@code chunk} bytes per read, as an inflater may. */
  private static InputStream trickle(String text, int chunk) {
    return new ByteArrayInputStream(text.getBytes(ISO_8859_1)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  private static List<List<String>> read(AsciiLines lines) throws IOException {
    List<List<String>> out = new ArrayList<>();
    while (lines.next()) {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < lines.count(); i++) {
        fields.add(lines.text(i));
      }
      out.add(fields);
    }
    return out;
  }

  @Test
  void linesAndFieldsComeOutAsSplittingTheTextGivesWhateverTheReadSizes() throws IOException {
    SplittableRandom random = new SplittableRandom(3);
    StringBuilder text = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    for (int line = 0; line < 3_000; line++) {
      List<String> fields = new ArrayList<>();
      int n = random.nextInt(1, 13);
      for (int f = 0; f < n; f++) {
        // now and then a field far longer than the reader's first buffer (64 KiB)
        int length = random.nextInt(100) == 0 ? random.nextInt(70_000, 140_000) : random.nextInt(9);
        StringBuilder field = new StringBuilder();
        for (int c = 0; c < length; c++) {
          field.append((char) random.nextInt('0', '9' + 1));
        }
        fields.add(field.toString());
      }
      expected.add(fields);
      text.append(String.join(",", fields)).append(random.nextBoolean() ? "\n" : "\r\n");
    }
    for (int chunk : new int[] {1 << 20, 4096, 7}) {
      assertThat(read(new AsciiLines(trickle(text.toString(), chunk), 12)))
          .as("reads of at most %d bytes", chunk)
          .isEqualTo(expected);
    }
  }

  @Test
  void aLastLineWithoutNewlineEmptyLinesAndExtraFieldsAreKept() throws IOException {
    AsciiLines lines = new AsciiLines(trickle("a,b\n\n\r\n1,2,3,4,5\nlast,line", 5), 3);

    assertThat(read(lines))
        .containsExactly(
            List.of("a", "b"),
            List.of(""),
            List.of(""),
            List.of("1", "2", "3,4,5"),
            List.of("last", "line"));
  }

  @Test
  void anEmptyLineIsEmptyAndALineOfCommasIsNot() throws IOException {
    AsciiLines lines = new AsciiLines(trickle("\n,,\n", 64), 12);

    assertThat(lines.next()).isTrue();
    assertThat(lines.isEmpty()).isTrue();
    assertThat(lines.next()).isTrue();
    assertThat(lines.isEmpty()).isFalse();
    assertThat(lines.count()).isEqualTo(3);
    assertThat(lines.next()).isFalse();
    assertThat(lines.next()).as("stays at the end").isFalse();
  }

  @Test
  void aLineLongerThanTheLimitFailsInsteadOfGrowingTheBuffer() {
    byte[] noNewline = new byte[AsciiLines.MAX_LINE + 10];
    Arrays.fill(noNewline, (byte) '7');
    AsciiLines lines = new AsciiLines(new ByteArrayInputStream(noNewline), 12);

    assertThatThrownBy(lines::next)
        .isInstanceOf(IOException.class)
        .hasMessage("a line is longer than " + AsciiLines.MAX_LINE + " bytes");
  }

  @Test
  void aFailingStreamFailsTheRead() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("unexpected end of ZLIB input stream");
          }
        };

    assertThatThrownBy(() -> new AsciiLines(broken, 12).next())
        .isInstanceOf(IOException.class)
        .hasMessage("unexpected end of ZLIB input stream");
  }
}
