package io.backtide.jobs.backfill;

import io.backtide.jobs.provider.SourceRow;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * A parquet-mr writer builder for provider rows with a given {@link WriteSupport}: the published
 * daily files and the staged batch files differ only in their schema and write support.
 */
final class SourceRowParquetBuilder
    extends ParquetWriter.Builder<SourceRow, SourceRowParquetBuilder> {
  private final WriteSupport<SourceRow> support;

  SourceRowParquetBuilder(OutputFile file, WriteSupport<SourceRow> support) {
    super(file);
    this.support = support;
  }

  @Override
  protected SourceRowParquetBuilder self() {
    return this;
  }

  @Override
  protected WriteSupport<SourceRow> getWriteSupport(Configuration conf) {
    return support;
  }
}
