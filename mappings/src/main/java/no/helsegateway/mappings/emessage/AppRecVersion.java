package no.helsegateway.mappings.emessage;

/** The two AppRec versions; which one a standard requires is data in the message-type registry. */
public enum AppRecVersion {
  V1_0("1.0", "http://www.kith.no/xmlstds/apprec/2004-11-21", "1.0 2004-11-21"),
  V1_1("1.1", "http://www.kith.no/xmlstds/apprec/2012-02-15", "v1.1 2012-02-15");

  private final String label;
  private final String namespace;
  private final String migVersion;

  AppRecVersion(String label, String namespace, String migVersion) {
    this.label = label;
    this.namespace = namespace;
    this.migVersion = migVersion;
  }

  public String label() {
    return label;
  }

  public String namespace() {
    return namespace;
  }

  public String migVersion() {
    return migVersion;
  }

  /** Parses the registry value ("1.0", "1.1"); {@code null} for "none" or blank. */
  public static AppRecVersion fromLabel(String label) {
    if (label == null || label.isBlank() || "none".equals(label)) {
      return null;
    }
    for (AppRecVersion v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException("Unknown AppRec version: " + label);
  }
}
