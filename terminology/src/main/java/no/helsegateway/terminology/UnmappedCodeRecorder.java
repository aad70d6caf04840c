package no.helsegateway.terminology;

import no.helsegateway.terminology.internal.unmapped.InMemoryUnmappedCodeRecorder;

/**
 * Records codes that could not be translated and reports them. Implementations are thread-safe. The
 * in-memory one serves tests and single nodes; the server replaces it with a database-backed store
 * implementing this interface so that several nodes share one report.
 */
public interface UnmappedCodeRecorder {

  /** Records one sighting; system and code are normalised (I219 and I21.9 count as one code). */
  void record(UnmappedCode sighting);

  /** A snapshot report: one row per (system, code), most frequent first. */
  UnmappedCodeReport report();

  /** An in-memory recorder that keeps at most 100,000 distinct codes. */
  static UnmappedCodeRecorder inMemory() {
    return new InMemoryUnmappedCodeRecorder(100_000, java.time.Clock.systemUTC());
  }
}
