package io.backtide.control;

/** Body of every error response: a short category and a sentence that says what to do. */
public record ApiError(String error, String detail) {}
