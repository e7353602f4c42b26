package io.backtide.jobs.provider.binance;

/** A 200 answer whose body is not what the endpoint documents. */
final class MalformedBodyException extends RuntimeException {
  MalformedBodyException(String endpoint, String detail, Throwable cause) {
    super("malformed " + endpoint + " body: " + detail, cause);
  }
}
