package no.helsegateway.mappings.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.helsegateway.profiles.GatewayProfiles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden pairs for HL7 v2: every {@code <case>.hl7} under {@code src/test/resources/golden/hl7v2}
 * (lines starting with {@code #} are comments and are stripped; one segment per line) has a {@code
 * <case>.expected.json} (the Bundle, or a result summary when there is none) and a {@code
 * <case>.expected-ack.hl7} (the ACK, one segment per line). Compared after the one ignore list
 * below. Every expected Bundle entry is validated against the gateway profiles (default profile per
 * resource type). {@code -Dgolden.update=true} rewrites the expected files.
 */
class Hl7v2GoldenPairsTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden/hl7v2");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-15T10:00:00Z"), ZoneId.of("Europe/Oslo"));
  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final Hl7v2Processor PROCESSOR =
      Hl7v2Processor.builder().clock(CLOCK).fhirContext(FHIR).maxMessageChars(64 * 1024).build();

  /**
   * THE ignore list: JSON fields generated per run (none of ours: fullUrls are name-based, times
   * come from the message) and the ACK's MSH-7 (the clock is fixed here, but a reviewer rewriting
   * with another clock should not see noise).
   */
  static final Set<String> IGNORED_JSON_FIELDS = Set.of("lastUpdated", "versionId");

  static final ObjectMapper JSON = new ObjectMapper();
  private static FhirValidator validator;
  private static Map<String, String> defaultProfiles;

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".hl7") && !n.endsWith(".expected-ack.hl7"))
          .map(n -> n.substring(0, n.length() - ".hl7".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** The message of a case file: comment lines dropped, one segment per line joined with CR. */
  static String message(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank())
        .collect(Collectors.joining("\r"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsExpected(String name) throws Exception {
    Hl7v2Result result = PROCESSOR.process(message(GOLDEN.resolve(name + ".hl7")));
    String actualJson =
        result.bundle() != null
            ? FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(result.bundle())
            : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary(result));
    String actualAck = String.join("\n", result.ack().split("\r")) + "\n";
    Path expectedJson = GOLDEN.resolve(name + ".expected.json");
    Path expectedAck = GOLDEN.resolve(name + ".expected-ack.hl7");
    if (UPDATE) {
      Files.writeString(expectedJson, actualJson + "\n", StandardCharsets.UTF_8);
      Files.writeString(expectedAck, actualAck, StandardCharsets.UTF_8);
    }
    assertThat(normalized(actualJson))
        .as("%s.expected.json", name)
        .isEqualTo(normalized(Files.readString(expectedJson)));
    assertThat(ack(actualAck))
        .as("%s.expected-ack.hl7", name)
        .isEqualTo(ack(Files.readString(expectedAck)));
    assertThat(result.ackCode().name()).isEqualTo(result.ack().split("\r")[1].split("\\|")[1]);
    if (result.bundle() != null) {
      assertThat(result.status()).isEqualTo(Hl7v2Status.ACCEPTED);
      assertThat(fhirErrors(result.bundle())).as("FHIR validation errors").isEmpty();
    } else {
      assertThat(result.status()).isNotEqualTo(Hl7v2Status.ACCEPTED);
    }
  }

  static JsonNode summary(Hl7v2Result r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", r.messageType() == null ? null : r.messageType().id());
    o.put("status", r.status().name());
    o.put("ackCode", r.ackCode().name());
    ArrayNode errors = o.putArray("errors");
    r.errors()
        .forEach(
            e ->
                errors
                    .addObject()
                    .put("code", e.code().code())
                    .put("hl7ErrorCode", e.hl7ErrorCode())
                    .put("location", e.location()));
    return o;
  }

  static JsonNode normalized(String json) throws IOException {
    JsonNode n = JSON.readTree(json);
    strip(n);
    return n;
  }

  private static void strip(JsonNode n) {
    if (n instanceof ObjectNode o) {
      o.remove(IGNORED_JSON_FIELDS);
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        strip(it.next());
      }
    } else if (n instanceof ArrayNode a) {
      a.forEach(Hl7v2GoldenPairsTest::strip);
    }
  }

  /** ACK lines with MSH-7 blanked. */
  static List<String> ack(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("MSH|")) {
        String[] f = line.split("\\|", -1);
        f[6] = "<ts>";
        line = String.join("|", f);
      }
      out.add(line);
    }
    return out;
  }

  /** Errors of the Bundle (base R4) and of each entry resource against its gateway profile. */
  static synchronized List<String> fhirErrors(Bundle bundle) {
    if (validator == null) {
      GatewayProfiles profiles = GatewayProfiles.load(FHIR);
      validator = profiles.newValidator();
      defaultProfiles = profiles.defaultProfileByResourceType();
    }
    List<String> errors = new ArrayList<>();
    collect(errors, "Bundle", validator.validateWithResult(bundle).getMessages());
    for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
      Resource r = e.getResource();
      String profile = defaultProfiles.get(r.fhirType());
      if (profile == null) {
        continue;
      }
      ValidationOptions options = new ValidationOptions().addProfile(profile);
      collect(errors, r.fhirType(), validator.validateWithResult(r, options).getMessages());
    }
    return errors;
  }

  private static void collect(List<String> errors, String what, List<SingleValidationMessage> ms) {
    for (SingleValidationMessage m : ms) {
      if (m.getSeverity() == ResultSeverityEnum.ERROR
          || m.getSeverity() == ResultSeverityEnum.FATAL) {
        errors.add(what + " " + m.getLocationString() + ": " + m.getMessage());
      }
    }
  }
}
