package io.backtide.control.data;

import io.backtide.control.ApiException;

/** Errors of the data routes, with messages that say what a valid request looks like. */
final class DataErrors {
  static final String FILE_FORM =
      "/data/backfill/{source}/{subject}/{kind}/{granularity}/{YYYY-MM-DD}.parquet,"
          + " e.g. /data/backfill/binance/BTCUSDT/candle/1m/2026-01-01.parquet";

  static final String INDEX_FORM =
      "/data/backfill/index with any of source, subject, kind, granularity, start, end (start and"
          + " end as YYYY-MM-DD or ISO-8601), e.g. /data/backfill/index?source=binance"
          + "&subject=BTCUSDT&kind=candle&granularity=1m&start=2026-01-01&end=2026-02-01";

  private DataErrors() {}

  static ApiException badIndexQuery(String detail) {
    return ApiException.badRequest(detail + "; expected " + INDEX_FORM);
  }

  static ApiException badSegment(String detail) {
    return ApiException.badRequest(detail + "; expected " + FILE_FORM);
  }

  static ApiException badFileName(String name) {
    return ApiException.badRequest(
        "bad file name '"
            + name
            + "': expected YYYY-MM-DD.parquet (a real UTC date); "
            + FILE_FORM);
  }

  static ApiException notPublished(String path) {
    return ApiException.notFound(
        "no published file " + path + ": see GET /data/backfill/index for what exists");
  }
}
