package no.helsegateway.terminology.internal.rf2;

import java.util.regex.Pattern;

/** The RF2 files the embedded translator reads, recognised by name. Delta files are ignored. */
public enum Rf2FileKind {
  CONCEPT("sct2_Concept_(Snapshot|Full)"),
  DESCRIPTION("sct2_Description_(Snapshot|Full)"),
  LANGUAGE_REFSET("der2_cRefset_Language(Snapshot|Full)"),
  /** {@code der2_iisssccRefset_ExtendedMap...} (also the {@code iisssci} spelling). */
  EXTENDED_MAP("der2_[a-zA-Z]*Refset_ExtendedMap(Snapshot|Full)");

  private final Pattern pattern;

  Rf2FileKind(String regex) {
    this.pattern = Pattern.compile(regex);
  }

  /** The kind of a file by its name (path allowed), or null. */
  public static Rf2FileKind of(String fileName) {
    String name = fileName.substring(fileName.replace('\\', '/').lastIndexOf('/') + 1);
    if (!name.endsWith(".txt")) {
      return null;
    }
    for (Rf2FileKind kind : values()) {
      if (kind.pattern.matcher(name).lookingAt()) {
        return kind;
      }
    }
    return null;
  }

  /** True for a Snapshot file, false for Full. */
  public static boolean isSnapshot(String fileName) {
    return fileName.contains("Snapshot");
  }
}
