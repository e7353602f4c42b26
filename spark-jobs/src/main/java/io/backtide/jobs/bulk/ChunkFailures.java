package io.backtide.jobs.bulk;

import io.backtide.jobstore.BackfillChunk;
import io.backtide.jobstore.BackfillChunkRepository;
import java.util.ArrayList;
import java.util.List;

/**
 * Records how a wave failed: the chunk whose fetch failed is {@code failed} with the reason, the
 * others of the wave go back to pending; a failure no chunk is named in (the commit, the session)
 * fails every chunk of the wave.
 */
final class ChunkFailures {
  private ChunkFailures() {}

  static void record(BackfillChunkRepository chunks, List<BackfillChunk> wave, Throwable failure) {
    List<BackfillChunk> named = new ArrayList<>();
    String reason = String.valueOf(failure.getMessage());
    for (BackfillChunk c : wave) {
      String prefix = c.feed() + " chunk " + c.range().start() + " ";
      for (Throwable t = failure; t != null; t = t.getCause()) {
        String message = t.getMessage();
        int at = message == null ? -1 : message.indexOf(prefix);
        if (at >= 0) {
          named.add(c);
          chunks.markFailed(c, firstLine(message.substring(at)));
          break;
        }
      }
    }
    if (named.isEmpty()) {
      for (BackfillChunk c : wave) {
        chunks.markFailed(c, firstLine(reason));
      }
    } else {
      chunks.release(wave.stream().filter(c -> !named.contains(c)).toList());
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
