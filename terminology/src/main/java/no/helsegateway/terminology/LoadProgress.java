package no.helsegateway.terminology;

/**
 * Progress of loading one file.
 *
 * @param file short file name
 * @param rowsRead data rows read so far from that file
 * @param rowsKept rows kept (active, relevant) so far
 * @param finished true in the last report for the file
 */
public record LoadProgress(String file, long rowsRead, long rowsKept, boolean finished) {}
