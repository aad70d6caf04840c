package no.helsegateway.terminology;

/**
 * Told about loading progress: every {@link #EVERY_ROWS} rows and when a file is done. Called on
 * the loading thread; keep it quick.
 */
@FunctionalInterface
public interface LoadProgressListener {

  /** Rows between two reports. */
  long EVERY_ROWS = 100_000;

  /** A listener that ignores everything. */
  LoadProgressListener NONE = progress -> {};

  void onProgress(LoadProgress progress);
}
