package no.helsegateway.mappings.openehr;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nedap.archie.rm.composition.Composition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import no.helsegateway.mappings.openehr.internal.Templates;
import org.ehrbase.openehr.sdk.serialisation.jsonencoding.CanonicalJson;
import org.ehrbase.openehr.sdk.validation.CompositionValidator;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden pairs: {@code golden/openehr/<case>.input.json} (a FHIR resource) next to {@code
 * <case>.expected.json} (the canonical composition). The expected file is also checked on its own
 * with the SDK's validator against the OPT, so a reviewed golden file is a valid composition.
 * {@code -Dgolden.update=true} rewrites the expected files.
 */
class OpenEhrGoldenTest {

  static final Path DIR = Path.of("src/test/resources/golden/openehr");
  static final boolean UPDATE = Boolean.getBoolean("golden.update");
  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final OpenEhrMapper MAPPER = new OpenEhrMapper();
  static final Templates TEMPLATES = new Templates();
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".input.json"))
          .map(n -> n.substring(0, n.length() - ".input.json".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mapsToExpectedValidComposition(String name) throws IOException {
    Resource resource =
        (Resource)
            FHIR.newJsonParser().parseResource(Files.readString(DIR.resolve(name + ".input.json")));
    MappedComposition mapped = MAPPER.map(resource).orElseThrow();
    JsonNode actual = JSON.readTree(mapped.canonicalJson());
    Path expectedFile = DIR.resolve(name + ".expected.json");
    if (UPDATE || !Files.exists(expectedFile)) {
      Files.writeString(
          expectedFile, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
    }
    String expectedText = Files.readString(expectedFile);
    assertThat(actual).isEqualTo(JSON.readTree(expectedText));

    Composition expected = new CanonicalJson().unmarshal(expectedText, Composition.class);
    assertThat(
            new CompositionValidator()
                .validate(expected, TEMPLATES.webTemplate(mapped.templateId())))
        .as("SDK validator on the expected composition")
        .isEmpty();
  }
}
