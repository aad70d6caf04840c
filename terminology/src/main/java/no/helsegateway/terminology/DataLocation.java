package no.helsegateway.terminology;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one piece of terminology data comes from: a classpath resource (the small test sets that
 * ship with this module) or a file or folder on disk (full releases: an RF2 folder or zip, an
 * ICD-10/ICPC-2 code list, a CSV map).
 *
 * <p>For RF2 on the classpath, {@code value} names a folder that holds an {@code index.txt} listing
 * its files, because a jar cannot be listed.
 */
public record DataLocation(Kind kind, String value) {

  /** How {@link #value} is read. */
  public enum Kind {
    CLASSPATH,
    FILE
  }

  public DataLocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  public static DataLocation classpath(String resource) {
    return new DataLocation(Kind.CLASSPATH, resource);
  }

  public static DataLocation file(Path path) {
    return new DataLocation(Kind.FILE, path.toString());
  }

  /** The file path; only for {@link Kind#FILE}. */
  public Path path() {
    if (kind != Kind.FILE) {
      throw new IllegalStateException("not a file location: " + this);
    }
    return Path.of(value);
  }

  /** Last part of the name, for progress reports and map versions. */
  public String shortName() {
    String v = value.replace('\\', '/');
    while (v.endsWith("/")) {
      v = v.substring(0, v.length() - 1);
    }
    return v.substring(v.lastIndexOf('/') + 1);
  }
}
