package no.helsegateway.terminology.internal.map;

/** One row of a simple CSV map. Codes are normalised for their systems. */
public record CsvMapRow(
    String sourceCode,
    String targetCode,
    String targetDisplay,
    String equivalence,
    String advice) {}
