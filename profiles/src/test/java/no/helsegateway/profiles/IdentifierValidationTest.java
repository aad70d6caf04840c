package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import no.helsegateway.profiles.internal.IdentifierValidatorModule;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class IdentifierValidationTest {

  private static List<SingleValidationMessage> identifierErrors(Resource resource) {
    return Fixtures.errors(resource).stream()
        .filter(m -> m.getMessageId() != null)
        .filter(m -> m.getMessageId().startsWith(IdentifierValidatorModule.MESSAGE_ID_PREFIX))
        .toList();
  }

  @Test
  void badFodselsnummerOnPatientPointsAtTheValue() {
    Patient patient = Fixtures.example("gw-example-patient");
    patient.getIdentifierFirstRep().setValue("29029645638");

    assertThat(identifierErrors(patient))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getLocationString()).isEqualTo("Patient.identifier[0].value");
              assertThat(m.getMessage())
                  .isEqualTo(
                      "Invalid Fødselsnummer: second control digit (digit 11) is 8, expected 7"
                          + " (mod 11)")
                  .doesNotContain("29029645638");
              assertThat(m.getMessageId()).isEqualTo("gw-identifier-fodselsnummer");
            });
  }

  @Test
  void badFodselsnummerInBundleEntryHasTheEntryPath() {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Organization org = Fixtures.example("gw-example-organization");
    Observation obs = Fixtures.example("gw-example-observation");
    Patient good = Fixtures.example("gw-example-patient-dnr");
    Patient bad = Fixtures.example("gw-example-patient");
    bad.addIdentifier(new Identifier().setSystem("http://example.org/mrn").setValue("A1"));
    bad.getIdentifier().add(0, bad.getIdentifier().remove(1)); // fnr is now identifier[1]
    bad.getIdentifier().get(1).setValue("31029645637"); // 31 February
    for (Resource r : List.of(org, obs, bad, good)) {
      bundle
          .addEntry()
          .setFullUrl("urn:uuid:00000000-0000-0000-0000-00000000000" + bundle.getEntry().size())
          .setResource(r)
          .getRequest()
          .setMethod(Bundle.HTTPVerb.POST)
          .setUrl(r.fhirType());
    }

    assertThat(identifierErrors(bundle))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getLocationString())
                  .isEqualTo("Bundle.entry[2].resource.identifier[1].value");
              assertThat(m.getMessage())
                  .isEqualTo(
                      "Invalid Fødselsnummer: birth date 31.02.1996 does not exist (century 1900"
                          + " from individual number 456)");
            });
  }

  @Test
  void identifiersInReferencesAndAllKindsAreChecked() {
    Observation obs = Fixtures.example("gw-example-heartrate");
    obs.getSubject().getIdentifier().setValue("2902964563"); // 10 digits
    Organization org = Fixtures.example("gw-example-organization");
    org.getIdentifier().get(0).setValue("987654321");
    org.getIdentifier().get(1).setValue("0123");

    assertThat(identifierErrors(obs))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getLocationString()).isEqualTo("Observation.subject.identifier.value");
              assertThat(m.getMessage()).contains("must be exactly 11 digits, was 10");
            });
    assertThat(identifierErrors(org))
        .extracting(SingleValidationMessage::getLocationString)
        .containsExactly("Organization.identifier[0].value", "Organization.identifier[1].value");
  }

  @Test
  void validIdentifiersGiveNoIdentifierErrors() {
    for (var example : Fixtures.PROFILES.examples()) {
      assertThat(identifierErrors((Resource) example)).isEmpty();
    }
  }
}
