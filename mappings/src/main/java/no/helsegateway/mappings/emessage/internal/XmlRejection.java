package no.helsegateway.mappings.emessage.internal;

/** A typed rejection of the input bytes: the error-table code, a location and a safe detail. */
public final class XmlRejection extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final String location;

  public XmlRejection(String errorCode, String location, String detail) {
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
