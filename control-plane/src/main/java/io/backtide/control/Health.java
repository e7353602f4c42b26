package io.backtide.control;

/**
 * Answer of {@code GET /health}: {@code status} is {@code ok} only when both parts are {@code ok};
 * otherwise a part holds the reason.
 */
public record Health(String status, String db, String data) {
  static final String OK = "ok";

  public boolean healthy() {
    return OK.equals(status);
  }
}
