package io.backtide.jobs.table;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageEncodingStats;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

/**
 * Makes a Parquet footer canonical. parquet-mr collects each column chunk's encodings in a {@code
 * HashSet} of enum constants, whose order follows identity hash codes and so changes from one JVM
 * to the next: the same rows gave files with different sha256s in different processes. Sorting
 * those lists (the content is unchanged, only the order) makes the bytes depend on the rows alone.
 */
final class CanonicalFooter {
  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private CanonicalFooter() {}

  /**
   * Rewrites the footer of {@code file} in place: only the footer is read and written again (the
   * file is truncated where it starts), not the column chunks before it. Reading and writing the
   * whole file was about 12% of the committing thread's CPU time on 30 days of 1s.
   */
  static void canonicalize(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long n = channel.size();
      if (n < 12) {
        throw new IOException(file + " is not a Parquet file (" + n + " bytes)");
      }
      ByteBuffer tail = read(channel, n - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
      int footerLength = tail.getInt(0);
      long footerStart = n - 8 - footerLength;
      byte[] magic = {tail.get(4), tail.get(5), tail.get(6), tail.get(7)};
      if (footerLength <= 0 || footerStart < MAGIC.length || !Arrays.equals(magic, MAGIC)) {
        throw new IOException(file + " is not a Parquet file (no footer at its end)");
      }
      ByteBuffer footer = read(channel, footerStart, footerLength);
      FileMetaData meta =
          Util.readFileMetaData(new ByteArrayInputStream(footer.array(), 0, footerLength));
      for (RowGroup group : meta.getRow_groups()) {
        for (ColumnChunk chunk : group.getColumns()) {
          sort(chunk.getMeta_data());
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(footerLength + 8);
      Util.writeFileMetaData(meta, out);
      int written = out.size();
      out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(written).array());
      out.write(MAGIC);
      channel.truncate(footerStart);
      ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
      long at = footerStart;
      while (bytes.hasRemaining()) {
        at += channel.write(bytes, at);
      }
    }
  }

  private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        throw new java.io.EOFException("the file ended at " + (at + buffer.position()));
      }
    }
    return buffer.flip();
  }

  private static void sort(ColumnMetaData column) {
    if (column.isSetEncodings()) {
      List<org.apache.parquet.format.Encoding> encodings = new ArrayList<>(column.getEncodings());
      encodings.sort(Comparator.comparingInt(org.apache.parquet.format.Encoding::getValue));
      column.setEncodings(encodings);
    }
    if (column.isSetEncoding_stats()) {
      List<PageEncodingStats> stats = new ArrayList<>(column.getEncoding_stats());
      stats.sort(
          Comparator.comparingInt((PageEncodingStats s) -> s.getPage_type().getValue())
              .thenComparingInt(s -> s.getEncoding().getValue()));
      column.setEncoding_stats(stats);
    }
  }
}
