package io.backtide.control.data;

import java.nio.file.Path;
import java.util.Optional;

/** A published daily file that may be served: its location, size and sha256 when known. */
public record PublishedFile(
    String relativePath, Path file, long sizeBytes, Optional<String> sha256) {}
