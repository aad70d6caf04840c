package no.helsegateway.mappings.emessage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.terminology.CodeValidation;
import no.helsegateway.terminology.Concept;
import no.helsegateway.terminology.ConceptTranslator;
import no.helsegateway.terminology.Translation;
import no.helsegateway.terminology.TranslationRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input always ends as status 2 with the right kodeverk 8221 code and an XSD-valid AppRec. */
class NegativeCasesTest {

  private static final EMessageProcessor P = GoldenSupport.PROCESSOR;

  private static String epikrise12() throws Exception {
    return Files.readString(
        GoldenSupport.GOLDEN.resolve("epikrise-1.2-n.input.xml"), StandardCharsets.UTF_8);
  }

  private static ProcessingResult rejected(byte[] body, String appRec8221) {
    ProcessingResult r = P.process(body);
    assertThat(r.status()).isEqualTo(ProcessingStatus.REJECTED);
    assertThat(r.bundle()).isNull();
    assertThat(r.errors()).isNotEmpty();
    assertThat(r.errors().get(0).code().appRec8221()).isEqualTo(appRec8221);
    assertThat(r.appRecXml()).contains("<Status V=\"2\"").contains("V=\"" + appRec8221 + "\"");
    assertThat(GoldenSupport.appRecSchemaError(r.appRecXml())).isNull();
    return r;
  }

  /**
   * The XML reader and the schema validator are reused per thread: a message broken half-way
   * (schema-invalid, not well-formed) leaves no state behind for the next one.
   */
  @Test
  void aBrokenMessageLeavesNoStateForTheNextOnThisThread() throws Exception {
    byte[] valid = epikrise12().getBytes(StandardCharsets.UTF_8);
    byte[] schemaInvalid =
        epikrise12()
            .replaceFirst("<MIGversion>[^<]*</MIGversion>", "")
            .getBytes(StandardCharsets.UTF_8);
    byte[] truncated = java.util.Arrays.copyOf(valid, valid.length / 2);
    for (int i = 0; i < 3; i++) {
      rejected(schemaInvalid, "T02");
      assertThat(P.process(valid).status()).isEqualTo(ProcessingStatus.ACCEPTED);
      rejected(truncated, "T01");
      assertThat(P.process(valid).status()).isEqualTo(ProcessingStatus.ACCEPTED);
    }
  }

  @Test
  void notXml() {
    ProcessingResult r = rejected("%PDF-1.4 not xml".getBytes(StandardCharsets.UTF_8), "T01");
    assertThat(r.errors().get(0).code().code()).isEqualTo(ErrorCodes.NOT_XML);
    assertThat(r.messageType()).isNull();
  }

  @Test
  void emptyBody() {
    rejected(new byte[0], "T01");
  }

  @Test
  void notWellFormed() throws Exception {
    String xml = epikrise12();
    ProcessingResult r =
        rejected(xml.substring(0, xml.length() / 2).getBytes(StandardCharsets.UTF_8), "T01");
    assertThat(r.errors().get(0).code().code()).isEqualTo(ErrorCodes.NOT_WELL_FORMED);
    assertThat(r.errors().get(0).location()).matches("\\d+:\\d+");
  }

  @Test
  void wrongNamespaceIsUnsupported() throws Exception {
    String xml = epikrise12().replace("epikrise/2012-02-15", "epikrise/2099-01-01");
    ProcessingResult r = rejected(xml.getBytes(StandardCharsets.UTF_8), "T10");
    assertThat(r.messageType()).isNull();
    // the envelope was still read, so the AppRec is addressed and correlated
    assertThat(r.envelope().messageId()).isEqualTo("f022ccd0-4567-11e7-9598-0800200c9a66");
    assertThat(r.appRecXml()).contains("f022ccd0-4567-11e7-9598-0800200c9a66");
  }

  @Test
  void schemaInvalidGivesT02WithLineAndNoPatientData() throws Exception {
    String xml =
        epikrise12()
            .replace("<DateOfBirth V=\"1969-11-13\"/>", "<DateOfBirth V=\"13116900216x\"/>");
    ProcessingResult r = rejected(xml.getBytes(StandardCharsets.UTF_8), "T02");
    assertThat(r.errors())
        .allSatisfy(e -> assertThat(e.detail()).contains("line ").doesNotContain("13116900216"));
    assertThat(r.appRecXml()).doesNotContain("13116900216x");
    assertThat(r.errors().size()).isLessThanOrEqualTo(5);
  }

  /**
   * A schema message names the element it is about by its path: the element whose start tag or
   * position is wrong, the element whose attribute value is wrong, the parent of stray text
   * (validation runs inside the parser, the path is completed at the next parse event).
   */
  @Test
  void schemaMessagesNameTheElementPath() throws Exception {
    String xml = epikrise12();
    assertThat(schemaDetail(xml.replaceFirst("<MIGversion>[^<]*</MIGversion>", "")))
        .startsWith("line 8, column 36 at /Message/GenDate: cvc-complex-type.2.4.a");
    assertThat(
            schemaDetail(
                xml.replace(
                    "<DateOfBirth V=\"1969-11-13\"/>", "<DateOfBirth V=\"13116900216x\"/>")))
        .contains(" at /Message/ServRprt/Patient/DateOfBirth: cvc-datatype-valid");
    assertThat(schemaDetail(xml.replaceFirst("<MsgId>", "<Bogus>x</Bogus><MsgId>")))
        .contains(" at /Message/Bogus: cvc-complex-type.2.4.a");
    assertThat(schemaDetail(xml.replaceFirst("<MsgId>", "text<MsgId>")))
        .contains(" at /Message: cvc-complex-type.2.3");
  }

  private static String schemaDetail(String xml) {
    ProcessingResult r = rejected(xml.getBytes(StandardCharsets.UTF_8), "T02");
    assertThat(r.errors().get(0).code().code()).isEqualTo(ErrorCodes.SCHEMA_INVALID);
    return r.errors().get(0).detail();
  }

  @Test
  void invalidCheckDigitGivesE31() throws Exception {
    String xml = epikrise12().replace("<OffId>13116900216</OffId>", "<OffId>13116900217</OffId>");
    ProcessingResult r = rejected(xml.getBytes(StandardCharsets.UTF_8), "E31");
    assertThat(r.messageType().id()).isEqualTo("epikrise-1.2");
    assertThat(r.appRecXml()).doesNotContain("13116900217");
  }

  @Test
  void missingFodselsnummerGivesE30() throws Exception {
    String xml = epikrise12().replace("<OffId>13116900216</OffId>", "<OffId></OffId>");
    rejected(xml.getBytes(StandardCharsets.UTF_8), "E30");
  }

  @Test
  void invalidMessageIdGivesE10() throws Exception {
    String xml =
        epikrise12()
            .replace("<MsgId>f022ccd0-4567-11e7-9598-0800200c9a66</MsgId>", "<MsgId>12345</MsgId>");
    rejected(xml.getBytes(StandardCharsets.UTF_8), "E10");
  }

  @Test
  void externalEntityIsNeverRead(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOPSECRET-CONTENT");
    String xml =
        "<?xml version=\"1.0\"?><!DOCTYPE Message [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>"
            + epikrise12()
                .substring(epikrise12().indexOf("<Message"))
                .replace("<MsgDescr>Sykehusepikrise</MsgDescr>", "<MsgDescr>&xxe;</MsgDescr>");
    ProcessingResult r = rejected(xml.getBytes(StandardCharsets.UTF_8), "T01");
    assertThat(r.errors().get(0).code().code()).isEqualTo(ErrorCodes.DOCTYPE_FORBIDDEN);
    assertThat(r.toString()).doesNotContain("TOPSECRET");
  }

  @Test
  void billionLaughsFailsFast() {
    StringBuilder sb =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i < 10; i++) {
      sb.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        sb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
      }
      sb.append("\">");
    }
    sb.append("]><lolz>&lol9;</lolz>");
    long start = System.nanoTime();
    ProcessingResult r = rejected(sb.toString().getBytes(StandardCharsets.UTF_8), "T01");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(r.errors().get(0).code().code()).isEqualTo(ErrorCodes.DOCTYPE_FORBIDDEN);
  }

  @Test
  void oversizeBodyIsRejectedBeforeParsing() throws Exception {
    EMessageProcessor small =
        EMessageProcessor.builder().maxMessageBytes(1024).clock(GoldenSupport.CLOCK).build();
    ProcessingResult r = small.process(epikrise12().getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(ProcessingStatus.REJECTED);
    assertThat(r.errors().get(0).code().code()).isEqualTo(ErrorCodes.TOO_LARGE);
    assertThat(r.errors().get(0).code().appRec8221()).isEqualTo("T99");
    assertThat(GoldenSupport.appRecSchemaError(r.appRecXml())).isNull();
    assertThat(
            small
                .process(new java.io.ByteArrayInputStream(new byte[4096]))
                .errors()
                .get(0)
                .code()
                .code())
        .isEqualTo(ErrorCodes.TOO_LARGE);
  }

  @Test
  void receiptsAreNeverAnswered() throws Exception {
    ProcessingResult r =
        P.process(
            Files.readAllBytes(GoldenSupport.GOLDEN.resolve("apprec-1.1-helsenorge.input.xml")));
    assertThat(r.status()).isEqualTo(ProcessingStatus.ACCEPTED);
    assertThat(r.appRecXml()).isNull();
    assertThat(r.envelope().receipt().originalMsgId())
        .isEqualTo("de1a95c0-4d0c-11e7-9598-0800200c9a66");
  }

  @Test
  void appRecForInfrastructureSideRejectionAndCopyReceivers() throws Exception {
    ProcessingResult ok = P.process(epikrise12().getBytes(StandardCharsets.UTF_8));
    assertThat(ok.status()).isEqualTo(ProcessingStatus.ACCEPTED);
    assertThat(ok.envelope().senderHerId()).isEqualTo("94866");
    assertThat(ok.envelope().receiverHerIds()).containsExactly("91393", "95136");
    assertThat(ok.envelope().patient().system()).isEqualTo("urn:oid:2.16.578.1.12.4.1.4.1");
    String rejected = P.appRecFor(ok, ErrorCodes.SCHEMA_INVALID, "rejected by channel");
    assertThat(GoldenSupport.appRecSchemaError(rejected)).isNull();
    String copy = P.appRecFor(ok, ok.envelope().copyReceivers().get(0), true);
    assertThat(copy).contains("V=\"COP\"").contains("95136");
    assertThat(GoldenSupport.appRecSchemaError(copy)).isNull();
    String fromKnown =
        P.rejectionAppRec(
            null,
            AppRecVersion.V1_0,
            "EPIKRISE",
            List.of(new ProcessingError(ErrorCodes.get(ErrorCodes.NOT_XML), null, null)));
    assertThat(GoldenSupport.appRecSchemaError(fromKnown)).isNull();
  }

  @Test
  void validatorHookErrorsGivePartialWithStatus3() throws Exception {
    EMessageProcessor withHook =
        EMessageProcessor.builder()
            .clock(GoldenSupport.CLOCK)
            .bundleValidator(b -> List.of(new BundleIssue("error", "Bundle.entry[0]", "synthetic")))
            .build();
    ProcessingResult r = withHook.process(epikrise12().getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(ProcessingStatus.PARTIAL);
    assertThat(r.bundle()).isNotNull();
    assertThat(r.appRecXml()).contains("<Status V=\"3\"").contains("V=\"X99\"");
    assertThat(GoldenSupport.appRecSchemaError(r.appRecXml())).isNull();
  }

  @Test
  void conceptTranslatorEnrichesDiagnosesWithoutDroppingTheSourceCode() throws Exception {
    ConceptTranslator fake =
        new ConceptTranslator() {
          @Override
          public java.util.Optional<Concept> lookup(String system, String code) {
            return java.util.Optional.empty();
          }

          @Override
          public CodeValidation validateCode(String system, String code, String display) {
            return new CodeValidation(true, null, null);
          }

          @Override
          public List<Translation> translate(TranslationRequest request) {
            if (request.code().equals("E119")) {
              return List.of(
                  new Translation(
                      new Concept("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"),
                      "equivalent",
                      "test",
                      "1",
                      null));
            }
            return List.of();
          }
        };
    EMessageProcessor p =
        EMessageProcessor.builder().conceptTranslator(fake).clock(GoldenSupport.CLOCK).build();
    Bundle b = p.process(epikrise12().getBytes(StandardCharsets.UTF_8)).bundle();
    List<Condition> conditions =
        b.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(Condition.class::isInstance)
            .map(Condition.class::cast)
            .toList();
    Condition diabetes =
        conditions.stream()
            .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("E119"))
            .findFirst()
            .orElseThrow();
    assertThat(diabetes.getCode().getCoding())
        .extracting(c -> c.getSystem() + "|" + c.getCode())
        .containsExactly(
            "urn:oid:2.16.578.1.12.4.1.1.7110|E119", "http://snomed.info/sct|44054006");
  }

  @Test
  void baseValidatorReallyFlagsErrors() throws Exception {
    Bundle bad = new Bundle();
    bad.setType(Bundle.BundleType.TRANSACTION);
    Patient p = new Patient();
    p.getGenderElement().setValueAsString("female");
    p.addIdentifier().setSystem("not a uri with spaces").setValue("1");
    p.getGenderElement().setValue(Enumerations.AdministrativeGender.NULL);
    bad.addEntry()
        .setFullUrl("urn:uuid:x")
        .setResource(p)
        .getRequest()
        .setMethod(Bundle.HTTPVerb.POST)
        .setUrl("Patient");
    assertThat(GoldenSupport.fhirErrors(bad)).isNotEmpty();
  }

  @Test
  void isThreadSafe() throws Exception {
    byte[] body = epikrise12().getBytes(StandardCharsets.UTF_8);
    String expected =
        GoldenSupport.FHIR.newJsonParser().encodeResourceToString(P.process(body).bundle());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> futures =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  40,
                  () ->
                      GoldenSupport.FHIR
                          .newJsonParser()
                          .encodeResourceToString(P.process(body).bundle())));
      for (Future<String> f : futures) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
