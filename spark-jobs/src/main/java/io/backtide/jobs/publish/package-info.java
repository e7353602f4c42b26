/**
 * Publishing: {@link io.backtide.jobs.publish.Publisher} writes each day's file ({@link
 * io.backtide.jobs.publish.PublishedDayFile}, with a canonical footer, {@link
 * io.backtide.jobs.publish.CanonicalFooter}) through a temp file and an atomic move, then rewrites
 * the index ({@link io.backtide.core.IndexFile}).
 */
package io.backtide.jobs.publish;
