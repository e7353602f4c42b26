package io.backtide.jobs.backfill;

import io.backtide.jobs.provider.SourceRow;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A parquet-mr write support for provider rows: a flat schema, and one call per field by its
 * position. The published daily files, the table's data files and the staged batches differ only in
 * their schema and in which values they write.
 */
abstract class SourceRowWriteSupport extends WriteSupport<SourceRow> {
  private final MessageType schema;
  private RecordConsumer out;

  SourceRowWriteSupport(MessageType schema) {
    this.schema = schema;
  }

  @Override
  public final WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public final void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public final void write(SourceRow row) {
    out.startMessage();
    writeFields(row);
    out.endMessage();
  }

  /** Writes every field of {@code row}, in schema order. */
  abstract void writeFields(SourceRow row);

  final void intField(int index, int value) {
    out.startField(schema.getFieldName(index), index);
    out.addInteger(value);
    out.endField(schema.getFieldName(index), index);
  }

  final void longField(int index, long value) {
    out.startField(schema.getFieldName(index), index);
    out.addLong(value);
    out.endField(schema.getFieldName(index), index);
  }

  final void doubleField(int index, double value) {
    out.startField(schema.getFieldName(index), index);
    out.addDouble(value);
    out.endField(schema.getFieldName(index), index);
  }

  final void binaryField(int index, Binary value) {
    out.startField(schema.getFieldName(index), index);
    out.addBinary(value);
    out.endField(schema.getFieldName(index), index);
  }
}
