package io.backtide.jobs.provider.binance;

/** An archive file whose checksum matched but whose content is not the documented CSV. */
final class MalformedArchiveException extends RuntimeException {
  MalformedArchiveException(String file, String detail, Throwable cause) {
    super("archive file " + file + " " + detail, cause);
  }
}
