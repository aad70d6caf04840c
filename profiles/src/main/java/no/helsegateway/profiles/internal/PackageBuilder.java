package no.helsegateway.profiles.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Build-time tool (run by exec-maven-plugin in {@code process-classes}): reads the differential
 * StructureDefinitions and other conformance resources under {@code src/main/fhir}, generates
 * snapshots with HAPI's snapshot generator against core R4 and no-basis 2.2.0 (local only), and
 * packs a FHIR NPM package {@code helsegateway.fhir.profiles} (package.json, .index.json, example/)
 * as a {@code .tgz}.
 *
 * <p>Arguments: {@code <source dir> <classpath output dir> <copy dir> <maven version>}.
 */
public final class PackageBuilder {

  private static final String PACKAGE_ID = "helsegateway.fhir.profiles";
  private static final String CANONICAL = "http://helsegateway.no/fhir";
  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private PackageBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: PackageBuilder <source dir> <classpath out dir> <copy dir> <version>");
    }
    Path source = Path.of(args[0]);
    Path classpathOut = Path.of(args[1]);
    Path copyDir = Path.of(args[2]);
    String version = args[3].replace("-SNAPSHOT", "-snapshot");
    byte[] tgz = build(source, version);
    Files.createDirectories(classpathOut);
    Path onClasspath = classpathOut.resolve(PACKAGE_ID + ".tgz");
    Files.write(onClasspath, tgz);
    Files.createDirectories(copyDir);
    Files.copy(
        onClasspath,
        copyDir.resolve(PACKAGE_ID + "-" + version + ".tgz"),
        StandardCopyOption.REPLACE_EXISTING);
    System.out.println("[PackageBuilder] wrote " + onClasspath + " (" + tgz.length + " bytes)");
  }

  /** Builds the package bytes from the sources. */
  public static byte[] build(Path source, String version) throws IOException {
    FhirContext ctx = FhirContext.forR4Cached();
    IParser parser = ctx.newJsonParser().setPrettyPrint(true);

    List<Resource> conformance = new ArrayList<>();
    for (Path file : jsonFiles(source, "examples")) {
      conformance.add((Resource) parser.parseResource(Files.readString(file)));
    }
    List<Resource> examples = new ArrayList<>();
    Path exampleDir = source.resolve("examples");
    if (Files.isDirectory(exampleDir)) {
      for (Path file : jsonFiles(exampleDir, null)) {
        examples.add((Resource) parser.parseResource(Files.readString(file)));
      }
    }

    List<IBaseResource> all =
        new ArrayList<>(
            FhirPackages.conformanceResources(ctx, FhirPackages.open(FhirPackages.NO_BASIS)));
    all.addAll(conformance);
    IValidationSupport chain = ValidationChains.build(ctx, List.of(), all);

    Map<String, byte[]> files = new TreeMap<>();
    JsonArray index = new JsonArray();
    for (Resource resource : orderByBase(conformance)) {
      Resource out = resource;
      if (resource instanceof StructureDefinition sd) {
        out = snapshot(chain, sd);
      }
      String fileName = out.fhirType() + "-" + out.getIdElement().getIdPart() + ".json";
      files.put(
          "package/" + fileName,
          parser.encodeResourceToString(out).getBytes(StandardCharsets.UTF_8));
      index.add(indexEntry(fileName, out));
    }
    files.put("package/.index.json", indexFile(index));

    JsonArray exampleIndex = new JsonArray();
    for (Resource example : examples) {
      String fileName = example.fhirType() + "-" + example.getIdElement().getIdPart() + ".json";
      files.put(
          "package/example/" + fileName,
          parser.encodeResourceToString(example).getBytes(StandardCharsets.UTF_8));
      exampleIndex.add(indexEntry(fileName, example));
    }
    files.put("package/example/.index.json", indexFile(exampleIndex));
    files.put("package/package.json", packageJson(version));
    return tgz(files);
  }

  private static StructureDefinition snapshot(IValidationSupport chain, StructureDefinition sd) {
    if (sd.hasSnapshot()) {
      return sd;
    }
    StructureDefinition withSnapshot =
        (StructureDefinition)
            chain.generateSnapshot(
                new ValidationSupportContext(chain), sd, sd.getUrl(), CANONICAL, sd.getName());
    if (withSnapshot == null || !withSnapshot.hasSnapshot()) {
      throw new IllegalStateException("No snapshot generated for " + sd.getUrl());
    }
    int differential = sd.getDifferential().getElement().size();
    int snapshot = withSnapshot.getSnapshot().getElement().size();
    if (snapshot < differential) {
      throw new IllegalStateException(
          "Snapshot of " + sd.getUrl() + " is smaller than its differential");
    }
    checkDifferentialApplied(sd, withSnapshot);
    System.out.println("[PackageBuilder] snapshot " + sd.getUrl() + ": " + snapshot + " elements");
    return withSnapshot;
  }

  /**
   * Fails the build when a cardinality or invariant of the differential did not reach the snapshot
   * (the generator silently skips e.g. differential elements that are out of base order).
   */
  private static void checkDifferentialApplied(StructureDefinition diff, StructureDefinition snap) {
    Map<String, org.hl7.fhir.r4.model.ElementDefinition> byId = new LinkedHashMap<>();
    snap.getSnapshot().getElement().forEach(e -> byId.put(e.getId(), e));
    for (var d : diff.getDifferential().getElement()) {
      var s = byId.get(d.getId());
      if (s == null) {
        throw new IllegalStateException(diff.getUrl() + ": " + d.getId() + " not in snapshot");
      }
      if (d.hasMin() && s.getMin() != d.getMin()) {
        throw new IllegalStateException(
            diff.getUrl() + ": " + d.getId() + " min " + d.getMin() + " not applied");
      }
      for (var c : d.getConstraint()) {
        if (s.getConstraint().stream().noneMatch(x -> x.getKey().equals(c.getKey()))) {
          throw new IllegalStateException(
              diff.getUrl() + ": invariant " + c.getKey() + " not applied on " + d.getId());
        }
      }
    }
  }

  /** Profiles whose base is another profile in the package come after that base. */
  private static List<Resource> orderByBase(List<Resource> resources) {
    Map<String, Resource> byUrl = new LinkedHashMap<>();
    List<Resource> others = new ArrayList<>();
    for (Resource r : resources) {
      if (r instanceof StructureDefinition sd) {
        byUrl.put(sd.getUrl(), sd);
      } else {
        others.add(r);
      }
    }
    List<Resource> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String url : byUrl.keySet()) {
      visit(url, byUrl, done, ordered);
    }
    ordered.addAll(others);
    return ordered;
  }

  private static void visit(
      String url, Map<String, Resource> byUrl, Set<String> done, List<Resource> ordered) {
    if (!byUrl.containsKey(url) || !done.add(url)) {
      return;
    }
    StructureDefinition sd = (StructureDefinition) byUrl.get(url);
    visit(sd.getBaseDefinition(), byUrl, done, ordered);
    ordered.add(sd);
  }

  private static JsonObject indexEntry(String fileName, Resource r) {
    JsonObject entry = new JsonObject();
    entry.addProperty("filename", fileName);
    entry.addProperty("resourceType", r.fhirType());
    entry.addProperty("id", r.getIdElement().getIdPart());
    if (r instanceof MetadataResource cr) {
      if (cr.hasUrl()) {
        entry.addProperty("url", cr.getUrl());
      }
      if (cr.hasVersion()) {
        entry.addProperty("version", cr.getVersion());
      }
    }
    if (r instanceof StructureDefinition sd) {
      entry.addProperty("kind", sd.getKind().toCode());
      entry.addProperty("type", sd.getType());
    }
    return entry;
  }

  private static byte[] indexFile(JsonArray files) {
    JsonObject index = new JsonObject();
    index.addProperty("index-version", 1);
    index.add("files", files);
    return GSON.toJson(index).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] packageJson(String version) {
    JsonObject pkg = new JsonObject();
    pkg.addProperty("name", PACKAGE_ID);
    pkg.addProperty("version", version);
    pkg.addProperty("type", "fhir.ig");
    pkg.addProperty("canonical", CANONICAL);
    pkg.addProperty(
        "description",
        "Helse gateway FHIR R4 profiles on no-basis 2.2.0, with VKP measurement profiles"
            + " (snapshots generated at build time)");
    pkg.addProperty("author", "helsegateway");
    JsonArray fhirVersions = new JsonArray();
    fhirVersions.add("4.0.1");
    pkg.add("fhirVersions", fhirVersions);
    JsonObject deps = new JsonObject();
    deps.addProperty("hl7.fhir.r4.core", "4.0.1");
    deps.addProperty("hl7.fhir.no.basis", "2.2.0");
    pkg.add("dependencies", deps);
    return GSON.toJson(pkg).getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> jsonFiles(Path dir, String excludedSubdir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> excludedSubdir == null || !dir.relativize(p).startsWith(excludedSubdir))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }

  private static byte[] tgz(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(file.getValue().length);
        entry.setModTime(0L);
        tar.putArchiveEntry(entry);
        tar.write(file.getValue());
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
