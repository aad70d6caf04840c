package no.helsegateway.mappings.emessage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden pairs: every {@code <case>.input.xml} under {@code src/test/resources/golden/emessage} has
 * a {@code <case>.expected.json} (the Bundle, or a result summary when there is none) and, unless
 * the input is itself a receipt, a {@code <case>.expected-apprec.xml}. Compared semantically
 * (parsed JSON, whitespace-insensitive XML) after the one ignore list in {@link GoldenSupport}.
 * {@code -Dgolden.update=true} rewrites the expected files.
 */
class GoldenPairsTest {

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(GoldenSupport.GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".input.xml"))
          .map(n -> n.substring(0, n.length() - ".input.xml".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesAsExpected(String name) throws Exception {
    byte[] input = Files.readAllBytes(GoldenSupport.GOLDEN.resolve(name + ".input.xml"));
    ProcessingResult result = GoldenSupport.PROCESSOR.process(input);

    String actualJson =
        result.bundle() != null
            ? GoldenSupport.FHIR
                .newJsonParser()
                .setPrettyPrint(true)
                .encodeResourceToString(result.bundle())
            : GoldenSupport.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(summary(result));
    Path expectedJson = GoldenSupport.GOLDEN.resolve(name + ".expected.json");
    Path expectedAppRec = GoldenSupport.GOLDEN.resolve(name + ".expected-apprec.xml");
    if (GoldenSupport.UPDATE) {
      Files.writeString(expectedJson, actualJson + "\n", StandardCharsets.UTF_8);
      if (result.appRecXml() != null) {
        Files.writeString(
            expectedAppRec,
            GoldenSupport.pretty(result.appRecXml()) + "\n",
            StandardCharsets.UTF_8);
      } else {
        Files.deleteIfExists(expectedAppRec);
      }
    }

    assertThat(GoldenSupport.normalized(actualJson))
        .as("%s.expected.json", name)
        .isEqualTo(GoldenSupport.normalized(Files.readString(expectedJson)));
    if (result.appRecXml() != null) {
      assertThat(GoldenSupport.appRecSchemaError(result.appRecXml())).as("AppRec XSD").isNull();
      assertThat(GoldenSupport.normalizedAppRec(result.appRecXml()))
          .as("%s.expected-apprec.xml", name)
          .isEqualTo(GoldenSupport.normalizedAppRec(Files.readString(expectedAppRec)));
    } else {
      assertThat(expectedAppRec).doesNotExist();
    }
    if (result.bundle() != null) {
      assertThat(result.status()).isEqualTo(ProcessingStatus.ACCEPTED);
      assertThat(GoldenSupport.fhirErrors(result.bundle())).as("FHIR validation errors").isEmpty();
    }
  }

  /** What a case without Bundle is compared on. */
  static JsonNode summary(ProcessingResult r) {
    ObjectNode o = GoldenSupport.JSON.createObjectNode();
    o.put("type", r.messageType() == null ? null : r.messageType().id());
    o.put("status", r.status().name());
    ArrayNode errors = o.putArray("errors");
    r.errors()
        .forEach(
            e ->
                errors
                    .addObject()
                    .put("code", e.code().code())
                    .put("appRec8221", e.code().appRec8221()));
    o.set("envelope", GoldenSupport.JSON.valueToTree(r.envelope()));
    return o;
  }
}
