package io.backtide.jobs.provider;

/**
 * Hears about a request that is being retried, so that a job can show it ({@code retrying: HTTP 503
 * since 12:03:10, next try in 20 s}). Called on the requesting thread; keep it quick.
 */
public interface RetryListener {
  RetryListener NONE =
      new RetryListener() {
        @Override
        public void retrying(RetryStatus status) {}

        @Override
        public void recovered() {}
      };

  /** A request failed transiently and will be tried again at {@code status.nextTry()}. */
  void retrying(RetryStatus status);

  /** A request that had failed has now succeeded (or failed for good: the job says so itself). */
  void recovered();
}
