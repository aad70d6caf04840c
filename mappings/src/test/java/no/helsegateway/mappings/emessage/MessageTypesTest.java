package no.helsegateway.mappings.emessage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The other e-message types: envelope rules with their kodeverk 8221 codes, AppRec version per
 * standard, referral links from a later Epikrise, dispensing cancellation, PLO 2.0 rejection.
 * Inputs are the official examples of the golden folder, changed in one place per case.
 */
class MessageTypesTest {

  private static final EMessageProcessor P = GoldenSupport.PROCESSOR;

  private static String golden(String name) throws Exception {
    return Files.readString(
        GoldenSupport.GOLDEN.resolve(name + ".input.xml"), StandardCharsets.UTF_8);
  }

  private static ProcessingResult process(String xml) {
    return P.process(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static void rejectedWith(String xml, String appRec8221) {
    ProcessingResult r = process(xml);
    assertThat(r.status()).isEqualTo(ProcessingStatus.REJECTED);
    assertThat(r.errors()).extracting(e -> e.code().appRec8221()).contains(appRec8221);
    assertThat(r.appRecXml()).contains("<Status V=\"2\"").contains("V=\"" + appRec8221 + "\"");
    assertThat(GoldenSupport.appRecSchemaError(r.appRecXml())).isNull();
  }

  private static final String H20 = "henvisning-2.0-henvisning-ny-tilstand-ny";

  @Test
  void patientIdentifierMissingIsE30() throws Exception {
    String xml = golden(H20).replaceFirst("(?s)<Ident>\\s*<Id>13116900216</Id>.*?</Ident>", "");
    rejectedWith(xml, "E30");
  }

  @Test
  void patientIdentifierWithWrongCheckDigitsIsE31() throws Exception {
    rejectedWith(golden(H20).replace("<Id>13116900216</Id>", "<Id>13116900217</Id>"), "E31");
  }

  @Test
  void senderWithInvalidIdentifierIsE20() throws Exception {
    String xml =
        golden(H20)
            .replace("<Id>91096</Id>", "<Id>9x096</Id>")
            .replace("<Id>91100</Id>", "<Id>9x100</Id>");
    rejectedWith(xml, "E20");
  }

  @Test
  void receiverWithInvalidIdentifierIsE21() throws Exception {
    String xml =
        golden(H20)
            .replace("<Id>59</Id>", "<Id>5-9</Id>")
            .replace("<Id>90998</Id>", "<Id>9O998</Id>");
    rejectedWith(xml, "E21");
  }

  @Test
  void unknownMsgInfoTypeIsT10() throws Exception {
    rejectedWith(
        golden(H20).replace("V=\"HENVISNING_NYTILSTAND\"", "V=\"HENVISNING_UKJENT\""), "T10");
  }

  @Test
  void plo20IsRejectedWithT10() throws Exception {
    // PLO 2.0 has schemas but no official examples: not registered, answered with T10 (README).
    String xml =
        golden("plo-1.6-pasientlogistikk-innlagt-pasient-ny")
            .replace(
                "http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01",
                "http://ehelse.no/xmlstds/po/Pasientlogistikk/2016-05-30");
    rejectedWith(xml, "T10");
  }

  @Test
  void eachStandardAnswersWithItsAppRecVersion() throws Exception {
    String v10 = "http://www.kith.no/xmlstds/apprec/2004-11-21";
    String v11 = "http://www.kith.no/xmlstds/apprec/2012-02-15";
    for (String[] c :
        List.of(
            new String[] {"henvisning-1.0-henvisning-n", v10},
            new String[] {"henvisning-1.1-henvisning-n", v11},
            new String[] {H20, v11},
            new String[] {"dialogmelding-1.0-foresporsel-plo", v10},
            new String[] {"dialogmelding-1.1-helsefaglig-dialog", v11},
            new String[] {"plo-1.5-innleggelsesrapport-ny", v10},
            new String[] {"plo-1.6-innleggelsesrapport-ny", v11},
            new String[] {"eresept-m10-ekspedering-og-utlevering", v10})) {
      ProcessingResult r = process(golden(c[0]));
      assertThat(r.status()).as(c[0]).isEqualTo(ProcessingStatus.ACCEPTED);
      assertThat(r.appRecXml()).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void oneReceiptPerRecognisedReceiver() throws Exception {
    ProcessingResult r = process(golden("henvisning-1.1-henvisning-n"));
    String primary = P.appRecFor(r, r.envelope().receiver(), false);
    String copy = P.appRecFor(r, r.envelope().receiver(), true);
    assertThat(primary).contains("V=\"PRIM\"");
    assertThat(copy).contains("V=\"COP\"");
    assertThat(GoldenSupport.appRecSchemaError(copy)).isNull();
  }

  @Test
  void oneReceiptForThePrimaryAndEachCopyReceiver() throws Exception {
    ProcessingResult r = process(golden("epikrise-1.2-n"));
    List<String> receipts = P.appRecsPerReceiver(r);
    assertThat(receipts).hasSize(1 + r.envelope().copyReceivers().size()).hasSizeGreaterThan(1);
    assertThat(receipts.get(0)).contains("V=\"PRIM\"");
    assertThat(receipts.subList(1, receipts.size())).allMatch(x -> x.contains("V=\"COP\""));
    receipts.forEach(x -> assertThat(GoldenSupport.appRecSchemaError(x)).isNull());
  }

  @Test
  void epikriseQuotingAReferralIsBasedOnItsServiceRequest() throws Exception {
    Bundle referral = process(golden("henvisning-1.1-henvisning-n")).bundle();
    ServiceRequest sr =
        referral.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(ServiceRequest.class::isInstance)
            .map(ServiceRequest.class::cast)
            .findFirst()
            .orElseThrow();
    Identifier referralId = sr.getIdentifierFirstRep();
    String epikrise =
        golden("epikrise-1.2-n")
            .replace(
                "<Id>fdebda50-4567-11e7-9598-0800200c9a66</Id>",
                "<Id>d57160a8-7697-4724-b0e2-7807037fea47</Id>");
    Bundle b = process(epikrise).bundle();
    Encounter enc =
        b.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(Encounter.class::isInstance)
            .map(Encounter.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(enc.getBasedOn()).hasSize(1);
    assertThat(enc.getBasedOnFirstRep().getType()).isEqualTo("ServiceRequest");
    assertThat(enc.getBasedOnFirstRep().getIdentifier().getSystem())
        .isEqualTo(referralId.getSystem());
    assertThat(enc.getBasedOnFirstRep().getIdentifier().getValue())
        .isEqualTo(referralId.getValue());
  }

  @Test
  void dispensingCancellationMarksTheEarlierDispenseEnteredInError() throws Exception {
    Bundle b = process(golden("eresept-m10-annullering-synthetic")).bundle();
    List<Bundle.BundleEntryComponent> dispenses =
        b.getEntry().stream().filter(e -> e.getResource() instanceof MedicationDispense).toList();
    assertThat(dispenses).hasSize(1);
    MedicationDispense d = (MedicationDispense) dispenses.get(0).getResource();
    assertThat(d.getStatus()).isEqualTo(MedicationDispense.MedicationDispenseStatus.ENTEREDINERROR);
    assertThat(dispenses.get(0).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
    assertThat(dispenses.get(0).getRequest().getUrl())
        .isEqualTo(
            "MedicationDispense?identifier=https://helsegateway.no/fhir/NamingSystem/eresept-utlevering"
                + "|4a774ee6-94f5-48d2-bd15-1537a1b70e1c");
    // the original dispensing report's MedicationDispense carries exactly that identifier
    MedicationDispense original =
        (MedicationDispense)
            process(golden("eresept-m10-ekspedering-og-utlevering")).bundle().getEntry().stream()
                .filter(e -> e.getResource() instanceof MedicationDispense)
                .findFirst()
                .orElseThrow()
                .getResource();
    assertThat(original.getIdentifierFirstRep().getValue())
        .isEqualTo("4a774ee6-94f5-48d2-bd15-1537a1b70e1c");
  }
}
