package no.helsegateway.terminology.internal.rf2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import no.helsegateway.terminology.DataLocation;

/** Opens a {@link DataLocation} for reading. */
public final class ClasspathData {
  private ClasspathData() {}

  static InputStream open(ClassLoader loader, String resource) throws IOException {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("Classpath resource not found: " + resource);
    }
    return in;
  }

  /** Opens a single-file location (code list, CSV map). */
  public static InputStream open(DataLocation location) throws IOException {
    if (location.kind() == DataLocation.Kind.CLASSPATH) {
      return open(ClasspathData.class.getClassLoader(), location.value());
    }
    return Files.newInputStream(location.path());
  }
}
