package io.backtide.backtest.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands a partition's blocks to the driver without Spark's task result when the task runs in the
 * driver's JVM (a {@code local[*]} session): the task parks its blocks here and returns a small
 * handle, and the driver takes them back after the job. That skips serialising each block into the
 * task result, storing it in the block manager and fetching it back over the loopback network:
 * about three copies of every candle on a year of 1s. A task in another JVM (a cluster's executor)
 * finds another JVM's token and returns its blocks as usual.
 */
final class LocalHandoff {

  /** First int of a handle; a block starts with its row count, a problem block with -1. */
  static final int HANDLE = -2;

  private static final String JVM = UUID.randomUUID().toString();
  private static final Map<String, Map<Long, List<byte[]>>> PARKED = new ConcurrentHashMap<>();
  private static final AtomicLong KEYS = new AtomicLong();

  private LocalHandoff() {}

  /** Opens a handoff for one job, on the driver; pass it to the job's tasks. */
  static Ticket open() {
    Ticket ticket = new Ticket(JVM, UUID.randomUUID().toString());
    PARKED.put(ticket.read(), new ConcurrentHashMap<>());
    return ticket;
  }

  /**
   * What a task returns for {@code blocks}: one handle when it runs in the JVM that opened the
   * ticket and the ticket is still open, else the blocks themselves.
   */
  static List<byte[]> hand(Ticket ticket, List<byte[]> blocks) {
    Map<Long, List<byte[]>> parked = JVM.equals(ticket.jvm()) ? PARKED.get(ticket.read()) : null;
    if (parked == null) {
      return blocks;
    }
    long key = KEYS.incrementAndGet();
    parked.put(key, blocks);
    return List.of(
        ByteBuffer.allocate(Integer.BYTES + Long.BYTES).putInt(HANDLE).putLong(key).array());
  }

  /**
   * The blocks the job's tasks returned, handles replaced by the blocks they stand for; closes the
   * ticket (blocks of task attempts whose result was not collected are dropped).
   */
  static List<byte[]> take(Ticket ticket, List<byte[]> returned) {
    Map<Long, List<byte[]>> parked = PARKED.remove(ticket.read());
    List<byte[]> blocks = new ArrayList<>();
    for (byte[] b : returned) {
      ByteBuffer buffer = ByteBuffer.wrap(b);
      if (b.length == Integer.BYTES + Long.BYTES && buffer.getInt(0) == HANDLE) {
        List<byte[]> handed = parked == null ? null : parked.get(buffer.getLong(Integer.BYTES));
        if (handed == null) {
          throw new IllegalStateException("a task's blocks were not handed over");
        }
        blocks.addAll(handed);
      } else {
        blocks.add(b);
      }
    }
    return blocks;
  }

  /** Drops what the job's tasks parked (the job failed); idempotent. */
  static void close(Ticket ticket) {
    PARKED.remove(ticket.read());
  }

  /** Which JVM and which read a task hands its blocks to. */
  record Ticket(String jvm, String read) implements java.io.Serializable {}
}
