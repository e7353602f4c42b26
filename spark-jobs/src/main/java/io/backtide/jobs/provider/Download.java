package io.backtide.jobs.provider;

import java.nio.file.Path;

/**
 * A downloaded file: where it is, its size and the sha256 of its bytes (computed as they arrived).
 */
public record Download(Path file, long size, String sha256) {}
