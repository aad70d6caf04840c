package no.helsegateway.terminology.internal.rf2;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import no.helsegateway.terminology.DataLocation;

/**
 * The RF2 files of one release: a folder, a zip (entries are streamed, never unpacked), or a
 * classpath folder with an {@code index.txt}. When a release has both Snapshot and Full files of
 * one kind, only the Snapshot files are used.
 */
public final class Rf2Release implements Closeable {

  /** One file and how to open it. */
  public record Rf2File(String name, Opener opener) {
    public InputStream open() throws IOException {
      return opener.open();
    }
  }

  /** Opens a file for reading. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final Map<Rf2FileKind, List<Rf2File>> files = new EnumMap<>(Rf2FileKind.class);
  private final ZipFile zip;

  private Rf2Release(List<Rf2File> all, ZipFile zip) {
    this.zip = zip;
    Map<Rf2FileKind, List<Rf2File>> snapshots = new EnumMap<>(Rf2FileKind.class);
    Map<Rf2FileKind, List<Rf2File>> fulls = new EnumMap<>(Rf2FileKind.class);
    for (Rf2File file : all) {
      Rf2FileKind kind = Rf2FileKind.of(file.name());
      if (kind != null) {
        (Rf2FileKind.isSnapshot(file.name()) ? snapshots : fulls)
            .computeIfAbsent(kind, k -> new ArrayList<>())
            .add(file);
      }
    }
    for (Rf2FileKind kind : Rf2FileKind.values()) {
      List<Rf2File> chosen = snapshots.getOrDefault(kind, fulls.getOrDefault(kind, List.of()));
      files.put(kind, chosen.stream().sorted(Comparator.comparing(Rf2File::name)).toList());
    }
  }

  /** Opens a release; close it after loading (zip files). */
  public static Rf2Release open(DataLocation location) {
    try {
      if (location.kind() == DataLocation.Kind.CLASSPATH) {
        return fromClasspath(location.value());
      }
      Path path = location.path();
      if (Files.isDirectory(path)) {
        return fromFolder(path);
      }
      if (path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
        return fromZip(path);
      }
      throw new IllegalArgumentException("Not an RF2 folder or zip: " + path);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open RF2 release " + location.value(), e);
    }
  }

  private static Rf2Release fromFolder(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      List<Rf2File> all =
          walk.filter(Files::isRegularFile)
              .map(p -> new Rf2File(folder.relativize(p).toString(), () -> Files.newInputStream(p)))
              .toList();
      return new Rf2Release(all, null);
    }
  }

  private static Rf2Release fromZip(Path path) throws IOException {
    ZipFile zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
    List<Rf2File> all = new ArrayList<>();
    for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
      if (!entry.isDirectory()) {
        all.add(new Rf2File(entry.getName(), () -> zip.getInputStream(entry)));
      }
    }
    return new Rf2Release(all, zip);
  }

  private static Rf2Release fromClasspath(String folder) throws IOException {
    String base = folder.endsWith("/") ? folder : folder + "/";
    ClassLoader loader = Rf2Release.class.getClassLoader();
    try (InputStream index = loader.getResourceAsStream(base + "index.txt")) {
      if (index == null) {
        throw new IOException("No index.txt in classpath folder " + base);
      }
      List<Rf2File> all = new ArrayList<>();
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String name = line.trim();
        if (!name.isEmpty() && !name.startsWith("#")) {
          all.add(new Rf2File(name, () -> ClasspathData.open(loader, base + name)));
        }
      }
      return new Rf2Release(all, null);
    }
  }

  /** The files of one kind, in name order. */
  public List<Rf2File> files(Rf2FileKind kind) {
    return files.get(kind);
  }

  @Override
  public void close() throws IOException {
    if (zip != null) {
      zip.close();
    }
  }
}
