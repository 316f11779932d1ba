package io.logship.failure;

/**
 * The JSON record {@code <name>.error.json} written beside a quarantined file: what it was, why
 * it could not be shipped, and when. Times are ISO-8601 instants (UTC).
 */
public record QuarantineRecord(
        String file,
        String originalPath,
        Long size,
        String sha256,
        int attempts,
        String firstFailure,
        String lastFailure,
        String failureClass,
        String message,
        String host,
        String quarantinedAt) {
}
