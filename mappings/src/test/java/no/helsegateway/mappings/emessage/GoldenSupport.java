package no.helsegateway.mappings.emessage;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.transform.stream.StreamSource;
import net.sf.saxon.s9api.Processor;
import no.helsegateway.mappings.emessage.internal.SchemaCatalog;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Shared test fixtures: one processor, the AppRec schema check, the FHIR validator, JSON compare.
 */
final class GoldenSupport {

  static final Path GOLDEN = Path.of("src/test/resources/golden/emessage");
  static final Path KNOWN_ISSUES = Path.of("src/test/resources/golden/known-issues.csv");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** Fixed clock: AppRec GenDate is then stable. */
  static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneId.of("Europe/Oslo"));

  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final EMessageProcessor PROCESSOR =
      EMessageProcessor.builder()
          .clock(CLOCK)
          .software("Helse gateway", "test")
          .fhirContext(FHIR)
          .build();

  /**
   * The ONE ignore list of the golden comparison: JSON field names removed anywhere in the tree
   * before comparing (values that are generated per run). Our fullUrls are name-based and the
   * timestamps come from the message, so nothing else needs ignoring.
   */
  static final Set<String> IGNORED_JSON_FIELDS = Set.of("lastUpdated", "versionId");

  /** The ONE ignore list for AppRec XML: elements whose text is generated per run. */
  static final Set<String> IGNORED_APPREC_ELEMENTS = Set.of("SoftwareVersion");

  static final ObjectMapper JSON = new ObjectMapper();

  private static final SchemaCatalog SCHEMAS =
      new SchemaCatalog(
          new Processor(false),
          List.of("apprec-v1.0/AppRec-v1-2004-11-21.xsd", "apprec-v1.1/AppRec-v1.1.xsd"));

  private static FhirValidator validator;
  private static java.util.Map<String, String> defaultProfiles;

  private GoldenSupport() {}

  /** Validates an AppRec against its XSD; returns the error (or null when valid). */
  static String appRecSchemaError(String xml) {
    if (!xml.contains("http://www.kith.no/xmlstds/apprec/")) {
      return "not an AppRec";
    }
    try {
      SCHEMAS.schema().newValidator().validate(new StreamSource(new StringReader(xml)));
      return null;
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  /**
   * Validation of a Bundle against the gateway's Norwegian profiles ({@link GatewayProfiles}):
   * messages at error level not listed in known-issues.csv.
   */
  static synchronized List<String> fhirErrors(Bundle bundle) throws IOException {
    if (validator == null) {
      GatewayProfiles profiles = GatewayProfiles.load(FHIR);
      validator = profiles.newValidator();
      defaultProfiles = profiles.defaultProfileByResourceType();
    }
    List<Pattern> tolerated = new ArrayList<>();
    for (String line : Files.readAllLines(KNOWN_ISSUES, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("message_regex,")) {
        continue;
      }
      tolerated.add(
          Pattern.compile(line.substring(0, line.lastIndexOf(',')).replaceAll("^\"|\"$", "")));
    }
    List<String> errors = new ArrayList<>();
    // As the server does (ProfileValidator.validateEntries): every entry is checked against its
    // type's default gateway profile, not only against the base resource definition.
    Bundle copy = bundle.copy();
    for (Bundle.BundleEntryComponent entry : copy.getEntry()) {
      if (entry.getResource() == null) {
        continue;
      }
      String profile = defaultProfiles.get(entry.getResource().fhirType());
      if (profile != null && !entry.getResource().getMeta().hasProfile(profile)) {
        entry.getResource().getMeta().addProfile(profile);
      }
    }
    for (SingleValidationMessage m : validator.validateWithResult(copy).getMessages()) {
      if (m.getSeverity().ordinal() < ResultSeverityEnum.ERROR.ordinal()) {
        continue;
      }
      String text = m.getLocationString() + ": " + m.getMessage();
      if (tolerated.stream().noneMatch(p -> p.matcher(m.getMessage()).find())) {
        errors.add(text);
      }
    }
    return errors;
  }

  static JsonNode normalized(String json) throws IOException {
    JsonNode node = JSON.readTree(json);
    strip(node);
    return node;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(IGNORED_JSON_FIELDS);
    }
    node.forEach(GoldenSupport::strip);
  }

  /** Indented copy of an XML document, for readable golden files. */
  static String pretty(String xml) throws Exception {
    Processor p = new Processor(false);
    net.sf.saxon.s9api.XdmNode doc =
        p.newDocumentBuilder().build(new StreamSource(new StringReader(xml)));
    java.io.StringWriter out = new java.io.StringWriter();
    net.sf.saxon.s9api.Serializer s = p.newSerializer(out);
    s.setOutputProperty(net.sf.saxon.s9api.Serializer.Property.INDENT, "yes");
    s.serializeNode(doc);
    return out.toString().trim();
  }

  static String normalizedAppRec(String xml) throws Exception {
    Processor p = new Processor(false);
    net.sf.saxon.s9api.DocumentBuilder b = p.newDocumentBuilder();
    b.setWhitespaceStrippingPolicy(net.sf.saxon.s9api.WhitespaceStrippingPolicy.ALL);
    net.sf.saxon.s9api.XdmNode doc = b.build(new StreamSource(new StringReader(xml.trim())));
    String s = p.newSerializer().serializeNodeToString(doc);
    for (String e : IGNORED_APPREC_ELEMENTS) {
      s = s.replaceAll("<" + e + ">[^<]*</" + e + ">", "<" + e + "/>");
    }
    return s;
  }
}
