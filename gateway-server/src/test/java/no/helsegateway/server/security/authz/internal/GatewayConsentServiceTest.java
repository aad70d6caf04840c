package no.helsegateway.server.security.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentOutcome;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.PatientCompartment;
import no.helsegateway.server.security.Principals;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The consent service's answers on the way out: a visible resource that holds no other resource is
 * passed whole ({@code AUTHORIZED}: HAPI does not look inside it), one with contained resources or
 * an envelope is {@code PROCEED} (HAPI checks each resource inside), a hidden one is rejected. The
 * caller is a patient (synthetic fødselsnummer 13116900216, stored as {@code Patient/1}).
 */
class GatewayConsentServiceTest {

  static final FhirContext CTX = FhirContext.forR4Cached();

  final GatewayConsentService service =
      new GatewayConsentService(
          new AccessPolicy(
              ids -> ids.contains("13116900216") ? Set.of("Patient/1") : Set.of(), null, List.of()),
          new Visibility(
              new PatientCompartment(CTX),
              new Shields(patient -> List.of(), Clock.systemUTC()),
              new GatewaySecurityProperties(true, null, null, null, null, null, null)));

  static ServletRequestDetails request(boolean withPrincipal) {
    MockHttpServletRequest servlet = new MockHttpServletRequest("GET", "/fhir/Observation/o1");
    if (withPrincipal) {
      Principals.set(
          servlet,
          new GatewayPrincipal(
              "s",
              "c",
              Set.of("patient/*.rs"),
              "13116900216",
              null,
              null,
              4,
              null,
              null,
              null,
              null));
    }
    ServletRequestDetails request = new ServletRequestDetails();
    request.setServletRequest(servlet);
    request.setRestOperationType(RestOperationTypeEnum.READ);
    return request;
  }

  static Observation observationOf(String patient) {
    Observation o = new Observation();
    o.setId("Observation/o1");
    o.setSubject(new Reference(patient));
    return o;
  }

  @Test
  void aVisibleResourceWithoutContainedOnesIsPassedWhole() {
    assertThat(service.willSeeResource(request(true), observationOf("Patient/1"), null))
        .isEqualTo(ConsentOutcome.AUTHORIZED);
  }

  @Test
  void aVisibleResourceWithContainedOnesLeavesThemToBeChecked() {
    Observation o = observationOf("Patient/1");
    Patient other = new Patient();
    other.setId("#p2");
    o.addContained(other);

    assertThat(service.willSeeResource(request(true), o, null)).isEqualTo(ConsentOutcome.PROCEED);
  }

  @Test
  void envelopesAndHiddenResourcesAndTrustedRequests() {
    assertThat(service.willSeeResource(request(true), new Bundle(), null))
        .isEqualTo(ConsentOutcome.PROCEED);
    assertThat(service.willSeeResource(request(true), observationOf("Patient/2"), null))
        .isEqualTo(ConsentOutcome.REJECT);
    assertThat(service.willSeeResource(request(false), observationOf("Patient/2"), null))
        .isEqualTo(ConsentOutcome.PROCEED);
    // the read path itself only ever proceeds or refuses
    assertThat(service.canSeeResource(request(true), observationOf("Patient/1"), null))
        .isEqualTo(ConsentOutcome.PROCEED);
  }
}
