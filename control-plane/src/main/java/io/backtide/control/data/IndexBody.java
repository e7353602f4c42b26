package io.backtide.control.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.backtide.core.IndexEntry;
import io.backtide.core.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One answer of {@code GET /data/backfill/index}: {@code {"generated_at": ..., "files": [...]}} as
 * compact JSON, held gzipped (the full manifest of 100,000 files is ~25 MB of JSON, ~4 MB gzipped).
 * The JSON itself is kept only for small answers; a large one is inflated from the gzip while it is
 * sent, so no request holds every entry's JSON.
 *
 * @param json the JSON, or null when it is not kept
 * @param gzip the JSON gzipped
 * @param jsonLength the JSON's length in bytes
 * @param sha256 hex SHA-256 of the JSON: the answer's ETag (the same for both encodings)
 */
record IndexBody(byte[] json, byte[] gzip, long jsonLength, String sha256) {
  /** Answers up to this size keep their JSON as well as its gzip. */
  static final int KEEP_JSON_MAX_BYTES = 256 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  private static final ObjectWriter ENTRY = JSON.writerFor(IndexEntry.class);

  /** The JSON, from memory or inflated from the gzip as it is read. */
  InputStream jsonStream() {
    if (json != null) {
      return new ByteArrayInputStream(json);
    }
    try {
      return new GZIPInputStream(new ByteArrayInputStream(gzip), 64 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("the index's gzip in memory is unreadable", e);
    }
  }

  /** The bytes held for this answer (for the cache's bound). */
  long heldBytes() {
    return gzip.length + (json == null ? 0 : json.length);
  }

  /** Writes the entries as one answer, in the given order. */
  static IndexBody write(String generatedAt, Iterable<IndexEntry> entries) {
    MessageDigest sha = Sha256.digest();
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream(64 * 1024);
    KeptPrefix kept = new KeptPrefix();
    try (GZIPOutputStream gz = new GZIPOutputStream(gzipped, 64 * 1024);
        OutputStream tee = new DigestOutputStream(new Tee(gz, kept), sha);
        JsonGenerator out = JSON.getFactory().createGenerator(tee, JsonEncoding.UTF8)) {
      out.writeStartObject();
      out.writeStringField("generated_at", generatedAt);
      out.writeArrayFieldStart("files");
      for (IndexEntry e : entries) {
        ENTRY.writeValue(out, e);
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the index answer in memory", e);
    }
    return new IndexBody(kept.bytes(), gzipped.toByteArray(), kept.length, Sha256.hex(sha));
  }

  /** Counts the JSON and keeps it while it stays within {@link #KEEP_JSON_MAX_BYTES}. */
  private static final class KeptPrefix extends OutputStream {
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(8 * 1024);
    private long length;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      length += len;
      if (buffer != null && length > KEEP_JSON_MAX_BYTES) {
        buffer = null;
      } else if (buffer != null) {
        buffer.write(b, off, len);
      }
    }

    byte[] bytes() {
      return buffer == null ? null : buffer.toByteArray();
    }
  }

  /** Writes to the gzip stream and to the kept prefix. */
  private static final class Tee extends OutputStream {
    private final OutputStream gzip;
    private final KeptPrefix kept;

    Tee(OutputStream gzip, KeptPrefix kept) {
      this.gzip = gzip;
      this.kept = kept;
    }

    @Override
    public void write(int b) throws IOException {
      gzip.write(b);
      kept.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      gzip.write(b, off, len);
      kept.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      gzip.flush();
    }

    @Override
    public void close() throws IOException {
      gzip.close();
    }
  }
}
