package io.backtide.jobs.table;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  static void canonicalize(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int n = bytes.length;
    int footerLength = ByteBuffer.wrap(bytes, n - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int footerStart = n - 8 - footerLength;
    FileMetaData meta =
        Util.readFileMetaData(new ByteArrayInputStream(bytes, footerStart, footerLength));
    for (RowGroup group : meta.getRow_groups()) {
      for (ColumnChunk chunk : group.getColumns()) {
        sort(chunk.getMeta_data());
      }
    }
    ByteArrayOutputStream footer = new ByteArrayOutputStream(footerLength);
    Util.writeFileMetaData(meta, footer);
    ByteArrayOutputStream out = new ByteArrayOutputStream(n);
    out.write(bytes, 0, footerStart);
    footer.writeTo(out);
    out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.size()).array());
    out.write(MAGIC);
    Files.write(file, out.toByteArray());
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
