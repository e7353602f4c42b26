/**
 * Publishing: {@link io.backtide.jobs.publish.Publisher} writes each day's file ({@link
 * io.backtide.jobs.table.PublishedDayFile}, with a canonical footer), or links the table's day file
 * the direct commit wrote in that layout, through a temp file and an atomic move, then rewrites the
 * index ({@link io.backtide.core.IndexFile}).
 */
package io.backtide.jobs.publish;
