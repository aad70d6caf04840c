package no.helsegateway.mappings.hl7v2.internal;

/**
 * A decision to refuse a message, raised by the small rule classes of this package: the gateway
 * error-table code, the location (e.g. {@code MSH-2}) and a detail without message content.
 */
public final class Rejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final String location;

  public Rejection(String errorCode, String location, String detail) {
    super(detail, null, false, false);
    this.errorCode = errorCode;
    this.location = location;
  }

  public String errorCode() {
    return errorCode;
  }

  public String location() {
    return location;
  }

  public String detail() {
    return getMessage();
  }
}
