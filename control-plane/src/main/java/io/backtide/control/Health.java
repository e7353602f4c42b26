package io.backtide.control;

/**
 * Answer of {@code GET /health} (HTTP 200 when {@code ok}, 503 when {@code degraded}): {@code
 * status} is {@code ok} only when both parts are {@code ok}; otherwise a part holds the reason.
 * {@code freeBytes} is the usable space under the data folder ({@code -1} when unknown); under
 * {@code MIN_FREE_SPACE} the data part is {@code low space: ...}.
 */
public record Health(String status, String db, String data, long freeBytes) {
  static final String OK = "ok";

  public boolean healthy() {
    return OK.equals(status);
  }
}
