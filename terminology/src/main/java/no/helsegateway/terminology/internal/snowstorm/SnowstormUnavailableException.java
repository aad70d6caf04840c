package no.helsegateway.terminology.internal.snowstorm;

/** Snowstorm gave no usable answer; the reason never contains codes or patient data. */
public final class SnowstormUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SnowstormUnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
