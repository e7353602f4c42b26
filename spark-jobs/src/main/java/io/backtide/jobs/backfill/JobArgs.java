package io.backtide.jobs.backfill;

import java.nio.file.Path;
import java.util.UUID;

/** What every job application's command line gives {@link JobMain}. */
public interface JobArgs {
  UUID jobId();

  Path dataDir();

  String dbUrl();

  String dbUser();

  String dbPassword();

  String master();
}
