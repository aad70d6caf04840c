package no.helsegateway.mappings.hl7v2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.DefaultXMLParser;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.transform.dom.DOMSource;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XPathSelector;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Hl7v2XmlTree} must give the tree HAPI's DefaultXMLParser gives (the stylesheets were
 * written against it): compared with XPath {@code deep-equal} and as serialised text, for every
 * golden HL7 v2 input that HAPI parses and for the extra synthetic messages below (escapes,
 * repetitions, empty fields and components, OBX value types, repeated segments and groups).
 */
class Hl7v2XmlTreeTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/hl7v2");
  private static final Processor SAXON = new Processor(false);
  private static final Hl7v2XmlTree TREE = new Hl7v2XmlTree(SAXON);
  private static final PipeParser PIPE;
  private static final DefaultXMLParser XML;

  static {
    HapiContext ctx = new DefaultHapiContext();
    ctx.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
    ctx.setValidationContext(ValidationContextFactory.noValidation());
    PIPE = ctx.getPipeParser();
    XML = new DefaultXMLParser(ctx);
  }

  /** Synthetic messages (person 13031353453 is synthetic, valid check digits). */
  private static final List<String> EXTRA =
      List.of(
          // formatting escapes (.br, H, N), a delimiter escape (\T\), a hex escape, an unknown one
          "MSH|^~\\&|LAB|SIH|GW|GW|20240115101500||ORU^R01^ORU_R01|X1|P|2.5.1\r"
              + "PID|1||13031353453^^^FNR^FNR~L123^^^SIH^PI||Nordmann^Kari~^Kari^^^^^A||19130313|F\r"
              + "OBR|1|PL1||P^Panel^L\r"
              + "OBX|1|FT|C^Comment^L||line one\\.br\\line \\H\\two\\N\\ a\\T\\b \\X41\\ \\Q\\||||||F\r"
              + "NTE|1||note \\E\\ with escape\r"
              + "NTE|2||second note\r"
              + "OBX|2|CE|C2^Coded^L||POS^Positive^L|||A|||F\r"
              + "OBX|3|ST|S^Text^L||ends in escape \\||||||F\r"
              + "OBX|4|SN|SN^Ratio^L||^1^:^40|||||F\r"
              + "OBX|5|TX|T^Text^L||first~second||||||F\r"
              + "OBR|2|PL2||Q^Other^L\r"
              + "OBX|1|NM|2823-3^Potassium^LN||5.9|mmol/L^mmol/L^UCUM|3.5-5.0|H|||F",
          // empty fields, empty components, a repeated field with an empty repetition, Z segment
          "MSH|^~\\&|DIPS|SIH|GW|GW|20240115083000||ADT^A01^ADT_A01|X2|P|2.5.1\r"
              + "EVN|A01|20240115083000\r"
              + "PID|1||13031353453^^^FNR^FNR~~^^^^||Nordmann^^^^^^L||19130313|F|||^^^^^^^|||||||\r"
              + "NK1|1|Nordmann^Ola|SPO\r"
              + "NK1|2|Nordmann^Per|CHD\r"
              + "PV1|1|I|MED^101^1^SIH||||||||||||||||V1^^^SIH^VN\r"
              + "ZZZ|custom|data^here");

  static Stream<String> goldenInputs() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".hl7") && !n.endsWith(".expected-ack.hl7"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Stream<String> extraInputs() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < EXTRA.size(); i++) {
      names.add("extra-" + i);
    }
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("goldenInputs")
  void sameTreeAsDefaultXmlParserForGoldenInput(String file) throws Exception {
    String er7 =
        Files.readAllLines(GOLDEN.resolve(file), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.startsWith("#") && !l.isBlank())
            .collect(Collectors.joining("\r"));
    Message m;
    try {
      m = PIPE.parse(er7);
    } catch (HL7Exception | RuntimeException e) {
      return; // malformed cases: refused before any tree is built
    }
    assertSameTree(m);
  }

  @ParameterizedTest
  @MethodSource("extraInputs")
  void sameTreeAsDefaultXmlParserForExtraInput(String name) throws Exception {
    String er7 = EXTRA.get(Integer.parseInt(name.substring("extra-".length())));
    assertSameTree(PIPE.parse(er7));
  }

  private static void assertSameTree(Message m) throws Exception {
    XdmNode expected = SAXON.newDocumentBuilder().build(new DOMSource(XML.encodeDocument(m)));
    Hl7v2XmlTree.Rendered rendered = TREE.render(m);
    XdmNode actual = rendered.document();
    assertThat(actual.toString()).isEqualTo(expected.toString());
    XPathCompiler xpath = SAXON.newXPathCompiler();
    xpath.declareVariable(new QName("a"));
    xpath.declareVariable(new QName("b"));
    XPathSelector deepEqual = xpath.compile("deep-equal($a, $b)").load();
    deepEqual.setVariable(new QName("a"), expected);
    deepEqual.setVariable(new QName("b"), actual);
    XdmValue same = deepEqual.evaluate();
    assertThat(same.itemAt(0).getStringValue()).isEqualTo("true");
    // not vacuous: the tree has the message's segments
    assertThat(actual.toString()).contains("<MSH>").contains("<MSH.10>");
    // the recorded names are exactly the segment and field elements in the tree
    XPathSelector names =
        SAXON
            .newXPathCompiler()
            .compile(
                "distinct-values(//*[matches(local-name(), '^[A-Z][A-Z0-9]{2}(\\.[0-9]+)?$')]"
                    + "[not(contains(local-name(), '.')) or parent::*[not(contains(local-name(), '.'))"
                    + " or contains(local-name(), '_')]]/local-name())")
            .load();
    names.setContextItem(expected);
    java.util.Set<String> inTree = new java.util.HashSet<>();
    names.evaluate().forEach(i -> inTree.add(i.getStringValue()));
    assertThat(rendered.names()).isEqualTo(inTree);
  }
}
