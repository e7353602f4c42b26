package io.backtide.backtest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;

/**
 * One column chunk's pages, read once: copied in bulk into a column vector when every data page is
 * a version-1 page of plain values without nulls (how Spark writes a day file's time column and
 * double columns of mostly distinct values), else handed as they were read to Parquet's column
 * reader ({@link #readPage}). Parquet's reader takes each value through several calls and streams
 * (most of the scan's time on a year of 1m); a bulk copy needs no per-value code at all.
 */
final class ColumnPages implements PageReader {
  private final DictionaryPage dictionary;
  private final List<DataPage> pages;

  /** The bytes of each version-1 page of {@link #pages} (null for another page). */
  private final List<byte[]> bytes;

  private final long total;
  private boolean dictionaryRead;
  private int next;

  private ColumnPages(
      DictionaryPage dictionary, List<DataPage> pages, List<byte[]> bytes, long total) {
    this.dictionary = dictionary;
    this.pages = pages;
    this.bytes = bytes;
    this.total = total;
  }

  /** Reads every page of {@code in}, the bytes of version-1 data pages into memory. */
  static ColumnPages read(PageReader in) throws IOException {
    DictionaryPage dictionary = in.readDictionaryPage();
    List<DataPage> pages = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    for (DataPage p = in.readPage(); p != null; p = in.readPage()) {
      if (p instanceof DataPageV1 v1) {
        // a decompressed page's bytes can be read only once: keep them for both uses
        byte[] b = v1.getBytes().toByteArray();
        pages.add(inMemory(v1, b));
        bytes.add(b);
      } else {
        pages.add(p);
        bytes.add(null);
      }
    }
    return new ColumnPages(dictionary, pages, bytes, in.getTotalValueCount());
  }

  /**
   * Copies the column's {@code n} values into rows {@code [0, n)} of {@code to} when every page is
   * plain without nulls; otherwise writes nothing and returns false.
   */
  boolean copyInBulk(ColumnDescriptor column, int n, OnHeapColumnVector to) {
    if (column.getMaxRepetitionLevel() != 0 || column.getMaxDefinitionLevel() > 1) {
      return false;
    }
    int[] starts = new int[pages.size()];
    long values = 0;
    for (int k = 0; k < starts.length; k++) {
      starts[k] = valuesStart(pages.get(k), bytes.get(k), column.getMaxDefinitionLevel());
      if (starts[k] < 0) {
        return false;
      }
      values += pages.get(k).getValueCount();
    }
    if (values != n) {
      return false;
    }
    boolean longs = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
    int row = 0;
    for (int k = 0; k < starts.length; k++) {
      int count = pages.get(k).getValueCount();
      if (longs) {
        to.putLongsLittleEndian(row, count, bytes.get(k), starts[k]);
      } else {
        to.putDoublesLittleEndian(row, count, bytes.get(k), starts[k]);
      }
      row += count;
    }
    return true;
  }

  /**
   * Where the values of {@code page} (its bytes: {@code b}) start, or -1 when it is not a version-1
   * page of plain 8-byte values with every value defined (no definition levels, or runs of ones).
   */
  static int valuesStart(DataPage page, byte[] b, int maxDefinition) {
    if (!(page instanceof DataPageV1 v1) || v1.getValueEncoding() != Encoding.PLAIN) {
      return -1;
    }
    int start = 0;
    if (maxDefinition == 1) {
      if (v1.getDlEncoding() != Encoding.RLE || b.length < Integer.BYTES) {
        return -1;
      }
      int length = littleEndianInt(b);
      if (length < 0 || length > b.length - Integer.BYTES) {
        return -1;
      }
      start = Integer.BYTES + length;
      if (!allOnes(b, Integer.BYTES, start, v1.getValueCount())) {
        return -1;
      }
    }
    return (long) b.length - start >= (long) v1.getValueCount() * Long.BYTES ? start : -1;
  }

  /**
   * Whether the levels in {@code b[from, to)} (Parquet's run-length / bit-packed hybrid, bit width
   * 1) are run-length runs of ones covering {@code count} values.
   */
  static boolean allOnes(byte[] b, int from, int to, int count) {
    long covered = 0;
    int at = from;
    while (covered < count) {
      long header = 0;
      int shift = 0;
      byte next;
      do {
        if (at >= to || shift > 28) {
          return false;
        }
        next = b[at++];
        header |= (long) (next & 0x7f) << shift;
        shift += 7;
      } while ((next & 0x80) != 0);
      // a bit-packed run (low bit 1) is left to Parquet's reader; a run's value is one byte
      if ((header & 1) != 0 || at >= to || b[at++] != 1) {
        return false;
      }
      covered += header >>> 1;
    }
    return true;
  }

  private static int littleEndianInt(byte[] b) {
    return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
  }

  /** The page with {@code bytes}, its bytes already read. */
  private static DataPageV1 inMemory(DataPageV1 p, byte[] bytes) {
    BytesInput in = BytesInput.from(bytes);
    return p.getFirstRowIndex().isPresent() && p.getIndexRowCount().isPresent()
        ? new DataPageV1(
            in,
            p.getValueCount(),
            p.getUncompressedSize(),
            p.getFirstRowIndex().get(),
            p.getIndexRowCount().get(),
            p.getStatistics(),
            p.getRlEncoding(),
            p.getDlEncoding(),
            p.getValueEncoding())
        : new DataPageV1(
            in,
            p.getValueCount(),
            p.getUncompressedSize(),
            p.getStatistics(),
            p.getRlEncoding(),
            p.getDlEncoding(),
            p.getValueEncoding());
  }

  @Override
  public DictionaryPage readDictionaryPage() {
    DictionaryPage d = dictionaryRead ? null : dictionary;
    dictionaryRead = true;
    return d;
  }

  @Override
  public long getTotalValueCount() {
    return total;
  }

  @Override
  public DataPage readPage() {
    return next < pages.size() ? pages.get(next++) : null;
  }
}
