package no.helsegateway.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One negative test per constraint that a gateway profile adds: the example is valid, the mutation
 * breaks exactly that rule, and the validator reports an error that names it.
 */
class ProfileConstraintsTest {

  private static final Coding LOCAL = new Coding("http://example.org/local-codes", "X1", "Lokal");

  private static <T extends Resource> Arguments breaks(
      String rule, String exampleId, String expectedInError, Consumer<T> mutation) {
    return Arguments.of(rule, exampleId, expectedInError, mutation);
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        breaks(
            "gw-pat-1",
            "gw-example-patient",
            "gw-pat-1",
            (Patient p) ->
                p.setIdentifier(List.of(new Identifier().setSystem("urn:x").setValue("1")))),
        breaks(
            "Patient.name",
            "gw-example-patient",
            "Patient.name: minimum required = 1",
            (Patient p) -> p.setName(null)),
        breaks(
            "PractitionerRole.practitioner",
            "gw-example-practitionerrole",
            "PractitionerRole.practitioner: minimum required = 1",
            (PractitionerRole r) -> r.setPractitioner(null)),
        breaks(
            "PractitionerRole.organization",
            "gw-example-practitionerrole",
            "PractitionerRole.organization: minimum required = 1",
            (PractitionerRole r) -> r.setOrganization(null)),
        breaks(
            "gw-org-1",
            "gw-example-organization",
            "gw-org-1",
            (Organization o) ->
                o.setIdentifier(
                    List.of(
                        new Identifier()
                            .setSystem("urn:oid:2.16.578.1.12.4.1.4.3")
                            .setValue("8094976")))),
        breaks(
            "Organization.name",
            "gw-example-organization",
            "Organization.name: minimum required = 1",
            (Organization o) -> o.setName(null)),
        breaks(
            "Encounter.subject",
            "gw-example-encounter",
            "Encounter.subject: minimum required = 1",
            (Encounter e) -> e.setSubject(null)),
        breaks(
            "gw-enc-1",
            "gw-example-encounter",
            "gw-enc-1",
            (Encounter e) -> e.getPeriod().setStart(null)),
        breaks(
            "gw-con-1",
            "gw-example-condition",
            "gw-con-1",
            (Condition c) -> c.setCode(new CodeableConcept(LOCAL))),
        breaks(
            "Condition.code",
            "gw-example-condition",
            "Condition.code: minimum required = 1",
            (Condition c) -> c.setCode(null)),
        breaks(
            "Condition.subject",
            "gw-example-condition",
            "Condition.subject: minimum required = 1",
            (Condition c) -> c.setSubject(null)),
        breaks(
            "gw-obs-1",
            "gw-example-observation",
            "gw-obs-1",
            (Observation o) -> o.setSubject(new Reference().setDisplay("Kari Testesen"))),
        breaks(
            "gw-obs-1 (vital signs)",
            "gw-example-heartrate",
            "gw-obs-1",
            (Observation o) ->
                o.getSubject()
                    .setIdentifier(new Identifier().setSystem("urn:x").setValue("29029645637"))),
        breaks(
            "Observation.subject",
            "gw-example-observation",
            "Observation.subject: minimum required = 1",
            (Observation o) -> o.setSubject(null)),
        breaks(
            "Observation.effective[x]",
            "gw-example-observation",
            "Observation.effective[x]: minimum required = 1",
            (Observation o) -> o.setEffective(null)),
        breaks(
            "gw-mst-1",
            "gw-example-medicationstatement",
            "gw-mst-1",
            (MedicationStatement m) -> m.setMedication(new Reference().setType("Medication"))),
        breaks(
            "gw-med-1",
            "gw-example-medicationdispense",
            "gw-med-1",
            (MedicationDispense m) -> m.setMedication(new CodeableConcept(LOCAL))),
        breaks(
            "MedicationDispense.subject",
            "gw-example-medicationdispense",
            "MedicationDispense.subject: minimum required = 1",
            (MedicationDispense m) -> m.setSubject(null)),
        breaks(
            "gw-srq-1",
            "gw-example-referral",
            "gw-srq-1",
            (ServiceRequest s) -> s.setReasonCode(null)),
        breaks(
            "ServiceRequest.requester",
            "gw-example-referral",
            "ServiceRequest.requester: minimum required = 1",
            (ServiceRequest s) -> s.setRequester(null)),
        breaks(
            "Composition.type (Epikrise)",
            "gw-example-dischargesummary",
            "urn:oid:2.16.578.1.12.4.1.1.9602",
            (Composition c) ->
                c.setType(
                    new CodeableConcept(
                        new Coding(
                            "urn:oid:2.16.578.1.12.4.1.1.9602", "A02-2", "Individuell plan")))),
        breaks(
            "Composition.section",
            "gw-example-dischargesummary",
            "Composition.section: minimum required = 1",
            (Composition c) -> c.setSection(null)),
        breaks(
            "gw-cmp-1",
            "gw-example-composition",
            "gw-cmp-1",
            (Composition c) -> c.getSectionFirstRep().setText(null)),
        breaks(
            "no-basis Composition.type (9602)",
            "gw-example-composition",
            "no-basis-documentreference-type",
            (Composition c) ->
                c.setType(
                    new CodeableConcept(
                        new Coding(
                            "urn:oid:2.16.578.1.12.4.1.1.8279",
                            "INNLEGGELSESRAPPORT",
                            "Innleggelsesrapport")))),
        breaks(
            "gw-cmp-1 (discharge summary, inherited)",
            "gw-example-dischargesummary",
            "gw-cmp-1",
            (Composition c) -> c.getSectionFirstRep().setText(null)),
        breaks(
            "DocumentReference.subject",
            "gw-example-documentreference",
            "DocumentReference.subject: minimum required = 1",
            (DocumentReference d) -> d.setSubject(null)),
        breaks(
            "gw-doc-1",
            "gw-example-documentreference",
            "gw-doc-1",
            (DocumentReference d) -> d.getContentFirstRep().getAttachment().setData(null)),
        breaks(
            "DocumentReference.content.attachment.contentType",
            "gw-example-documentreference",
            "DocumentReference.content.attachment.contentType: minimum required = 1",
            (DocumentReference d) -> d.getContentFirstRep().getAttachment().setContentType(null)),
        breaks(
            "Communication.subject",
            "gw-example-dialogmelding",
            "Communication.subject: minimum required = 1",
            (Communication c) -> c.setSubject(null)),
        breaks(
            "Communication.payload",
            "gw-example-dialogmelding",
            "Communication.payload: minimum required = 1",
            (Communication c) -> c.setPayload(null)),
        breaks(
            "gw-alg-1",
            "gw-example-allergy",
            "gw-alg-1",
            (AllergyIntolerance a) -> a.setCode(new CodeableConcept(LOCAL))),
        breaks(
            "AllergyIntolerance.code",
            "gw-example-allergy",
            "AllergyIntolerance.code: minimum required = 1",
            (AllergyIntolerance a) -> a.setCode(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  <T extends Resource> void violationIsReported(
      String rule, String exampleId, String expectedInError, Consumer<T> mutation) {
    T resource = Fixtures.example(exampleId);
    assertThat(Fixtures.errors(resource)).as("example %s is valid", exampleId).isEmpty();

    mutation.accept(resource);
    List<SingleValidationMessage> errors = Fixtures.errors(resource);

    assertThat(errors)
        .as("errors for %s:%s", rule, Fixtures.describe(errors))
        .anySatisfy(m -> assertThat(m.getMessage()).contains(expectedInError));
  }

  /** Every invariant (gw-*) in our profiles has a row in {@link #violations()}. */
  @Test
  void everyInvariantHasANegativeTest() {
    Set<String> keys = new HashSet<>();
    Fixtures.PROFILES.conformanceResources().stream()
        .filter(StructureDefinition.class::isInstance)
        .map(StructureDefinition.class::cast)
        .filter(sd -> sd.getUrl().startsWith(ProfileUrls.BASE))
        .flatMap(sd -> sd.getDifferential().getElement().stream())
        .map(ElementDefinition::getConstraint)
        .flatMap(List::stream)
        .filter(c -> c.getSeverity() == ElementDefinition.ConstraintSeverity.ERROR)
        .forEach(c -> keys.add(c.getKey()));
    Set<String> tested = violations().map(a -> (String) a.get()[2]).collect(Collectors.toSet());
    assertThat(keys).isNotEmpty().allMatch(tested::contains);
  }

  /**
   * A required binding is met when ONE coding is in the value set (R4 terminologies.html): the
   * mapping sends 9602 "A03-2" with a LOINC translation next to it, and that must validate; LOINC
   * alone must not.
   */
  @Test
  void aRequiredBindingIsMetByOneCodingAmongSeveral() {
    DocumentReference both = Fixtures.example("gw-example-documentreference");
    both.setType(
        new CodeableConcept()
            .addCoding(new Coding("urn:oid:2.16.578.1.12.4.1.1.9602", "A03-2", "Epikrise"))
            .addCoding(new Coding("http://loinc.org", "18842-5", "Discharge summary")));
    assertThat(Fixtures.errors(both)).as(Fixtures.describe(Fixtures.errors(both))).isEmpty();

    DocumentReference loincOnly = Fixtures.example("gw-example-documentreference");
    loincOnly.setType(
        new CodeableConcept(new Coding("http://loinc.org", "18842-5", "Discharge summary")));
    assertThat(Fixtures.errors(loincOnly))
        .anySatisfy(m -> assertThat(m.getMessage()).contains("no-basis-documentreference-type"));
  }

  /**
   * gw-mst-2 is a warning: a medication named only by display (legacy messages without codes) is
   * kept, and flagged.
   */
  @Test
  void aMedicationNamedOnlyByDisplayIsFlaggedButNotRefused() {
    MedicationStatement statement = Fixtures.example("gw-example-medicationstatement");
    statement.setMedication(new Reference().setDisplay("Burinex tablett 1 mg"));
    assertThat(Fixtures.errors(statement))
        .as(Fixtures.describe(Fixtures.errors(statement)))
        .isEmpty();
    assertThat(Fixtures.PROFILES.newValidator().validateWithResult(statement).getMessages())
        .anySatisfy(
            m -> {
              assertThat(m.getSeverity())
                  .isEqualTo(ca.uhn.fhir.validation.ResultSeverityEnum.WARNING);
              assertThat(m.getMessage()).contains("gw-mst-2");
            });
  }

  /** A cancelled referral need not repeat its reason (gw-srq-1). */
  @Test
  void aRevokedReferralNeedsNoReason() {
    ServiceRequest referral = Fixtures.example("gw-example-referral");
    referral.setReasonCode(null);
    referral.setReasonReference(null);
    referral.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
    assertThat(Fixtures.errors(referral))
        .as(Fixtures.describe(Fixtures.errors(referral)))
        .isEmpty();
  }

  /**
   * gw-prac-1 is a warning: a practitioner without any Norwegian identifier is kept, and flagged.
   */
  @Test
  void aPractitionerWithoutIdentifiersIsFlaggedButNotRefused() {
    Practitioner practitioner = Fixtures.example("gw-example-practitioner");
    practitioner.setIdentifier(null);
    List<SingleValidationMessage> messages =
        Fixtures.PROFILES.newValidator().validateWithResult(practitioner).getMessages();
    assertThat(Fixtures.errors(practitioner)).isEmpty();
    assertThat(messages)
        .anySatisfy(
            m -> {
              assertThat(m.getSeverity())
                  .isEqualTo(ca.uhn.fhir.validation.ResultSeverityEnum.WARNING);
              assertThat(m.getMessage()).contains("gw-prac-1");
            });
  }
}
