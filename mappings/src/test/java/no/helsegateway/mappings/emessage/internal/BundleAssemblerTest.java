package no.helsegateway.mappings.emessage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.sf.saxon.ma.map.MapItem;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmValue;
import no.helsegateway.mappings.codetables.CodeTables;
import no.helsegateway.mappings.emessage.MessageType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct route (stylesheet map straight into the HAPI model) builds, for every golden input
 * that translates, exactly the Bundle that HAPI's JSON parser builds from the same map: deep-equal
 * (ids from fullUrl included), same JSON, same narratives and attachment bytes. The direct route
 * must not need the fallback for any of them.
 */
class BundleAssemblerTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden/emessage");
  static final FhirContext FHIR = FhirContext.forR4Cached();
  static final Processor SAXON = new Processor(false);
  static final SecureXml XML;
  static final MessageTypeRegistry TYPES;
  static final XsltBundleTranslator TRANSLATOR;
  static final BundleAssembler ASSEMBLER = new BundleAssembler(FHIR);

  static {
    GatewayFunctions.register(SAXON, null);
    XML = new SecureXml(SAXON, SecureXml.DEFAULT_MAX_BYTES);
    TYPES = new MessageTypeRegistry(SAXON);
    TRANSLATOR = new XsltBundleTranslator(SAXON, new CodeTables(CodeTables.EMESSAGE), List.of());
  }

  static Stream<String> inputs() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".input.xml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void directRouteEqualsTheJsonParserRoute(String name) throws Exception {
    byte[] input = Files.readAllBytes(GOLDEN.resolve(name));
    XdmNode doc;
    try {
      doc = XML.parse(input, null).document();
    } catch (XmlRejection notXml) {
      return; // negative cases: nothing to assemble
    }
    Optional<MessageType> type = TYPES.detect(doc);
    if (type.isEmpty() || !type.get().translated()) {
      return;
    }
    XdmValue raw;
    try {
      raw =
          TRANSLATOR.translate(
              type.get().stylesheet(), doc, type.get().id(), BundleAssembler.ORIGINAL_PLACEHOLDER);
    } catch (Exception rejectedByTheStylesheet) {
      return;
    }
    MapItem map = (MapItem) raw.getUnderlyingValue().head();

    Bundle direct = ASSEMBLER.assembleDirect(map, input);
    Bundle parsed = ASSEMBLER.assembleByParser(map, input);

    assertThat(direct.getEntry()).hasSameSizeAs(parsed.getEntry()).isNotEmpty();
    for (int i = 0; i < parsed.getEntry().size(); i++) {
      Resource d = direct.getEntry().get(i).getResource();
      Resource p = parsed.getEntry().get(i).getResource();
      assertThat(d.getIdElement().getValue()).isEqualTo(p.getIdElement().getValue());
      assertThat(d.equalsDeep(p)).as("entry %d (%s)", i, p.fhirType()).isTrue();
    }
    assertThat(direct.equalsDeep(parsed)).isTrue();
    IParser json = FHIR.newJsonParser();
    assertThat(json.encodeResourceToString(direct)).isEqualTo(json.encodeResourceToString(parsed));
  }
}
