package no.helsegateway.mappings.emessage;

/** Final outcome of processing one e-message; maps one-to-one to AppRec status (kodeverk 8258). */
public enum ProcessingStatus {
  /** Translated; AppRec status 1 "OK". */
  ACCEPTED("1", "OK"),
  /** Rejected; AppRec status 2 "Avvist". Final, never retried. */
  REJECTED("2", "Avvist"),
  /** Translated, but part of the content failed; AppRec status 3 "OK, feil i delmelding". */
  PARTIAL("3", "OK, feil i delmelding");

  private final String appRecStatus;
  private final String appRecDisplay;

  ProcessingStatus(String appRecStatus, String appRecDisplay) {
    this.appRecStatus = appRecStatus;
    this.appRecDisplay = appRecDisplay;
  }

  /** AppRec Status/@V (kodeverk 8258). */
  public String appRecStatus() {
    return appRecStatus;
  }

  /** AppRec Status/@DN. */
  public String appRecDisplay() {
    return appRecDisplay;
  }
}
