package no.helsegateway.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeErrorInterceptorTest {

  private final SafeErrorInterceptor interceptor = new SafeErrorInterceptor();

  private static String diagnostics(BaseServerResponseException e) {
    return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getDiagnostics();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "could not execute statement [ERROR: duplicate key] [insert into hfj_resource (a) values (?)]",
        "java.lang.NullPointerException: Cannot invoke method",
        "HAPI-0389: org.hibernate.exception.ConstraintViolationException: x",
        "SQL Error: 0, SQLState: 23505",
        "at ca.uhn.fhir.jpa.dao.BaseHapiFhirDao.doCreate(BaseHapiFhirDao.java:10)"
      })
  void internalDetailsAreReplacedByAGenericText(String leaky) {
    BaseServerResponseException result =
        interceptor.toSafeError(null, new InvalidRequestException(leaky));
    assertThat(result.getStatusCode()).isEqualTo(400);
    assertThat(diagnostics(result)).isEqualTo("The request is not valid");
  }

  @Test
  void aClearClientMessageIsKeptWithAMatchingIssueType() {
    BaseServerResponseException result =
        interceptor.toSafeError(
            null, new ResourceNotFoundException("Resource Patient/9 is not known"));
    assertThat(result.getStatusCode()).isEqualTo(404);
    assertThat(diagnostics(result)).isEqualTo("Resource Patient/9 is not known");
    assertThat(((OperationOutcome) result.getOperationOutcome()).getIssueFirstRep().getCode())
        .isEqualTo(OperationOutcome.IssueType.NOTFOUND);
  }

  @Test
  void serverFaultsBecomeAGeneric500WithAnIncidentId() {
    BaseServerResponseException result =
        interceptor.toSafeError(
            null, new InternalErrorException(new IllegalStateException("SELECT * FROM patient")));
    assertThat(result.getStatusCode()).isEqualTo(500);
    assertThat(diagnostics(result))
        .startsWith("The server could not complete the request (incident ")
        .doesNotContain("SELECT");
  }

  @Test
  void anUnexpectedRuntimeExceptionIsAServerFault() {
    BaseServerResponseException result =
        interceptor.toSafeError(null, new NullPointerException("secret detail"));
    assertThat(result.getStatusCode()).isEqualTo(500);
    assertThat(diagnostics(result)).doesNotContain("secret");
  }

  @Test
  void aParseFailureIsABadRequest() {
    BaseServerResponseException result =
        interceptor.toSafeError(null, new DataFormatException("Invalid date/time format"));
    assertThat(result.getStatusCode()).isEqualTo(400);
    assertThat(diagnostics(result)).isEqualTo("Invalid date/time format");
  }

  @Test
  void aVersionConflictUnderIfMatchIsAFailedPrecondition() {
    RequestDetails request = new SystemRequestDetails();
    request.addHeader("If-Match", "W/\"1\"");
    BaseServerResponseException result =
        interceptor.toSafeError(request, new ResourceVersionConflictException("version 2"));
    assertThat(result.getStatusCode()).isEqualTo(412);

    BaseServerResponseException withoutIfMatch =
        interceptor.toSafeError(
            new SystemRequestDetails(), new ResourceVersionConflictException("version 2"));
    assertThat(withoutIfMatch.getStatusCode()).isEqualTo(409);
  }

  @Test
  void theGatewaysOwnUnavailableAnswerPassesEvenWhenWrapped() {
    BaseServerResponseException unavailable =
        BaseServerResponseException.newInstance(503, "The access log is unavailable");
    unavailable.setOperationOutcome(
        OperationOutcomes.error(503, "The access log is unavailable", null));
    BaseServerResponseException result =
        interceptor.toSafeError(
            null, new InternalErrorException("wrapped", new IllegalStateException(unavailable)));
    assertThat(result.getStatusCode()).isEqualTo(503);
    assertThat(diagnostics(result)).isEqualTo("The access log is unavailable");
    // a 503 without the gateway's OperationOutcome is still an internal error
    assertThat(
            interceptor
                .toSafeError(null, BaseServerResponseException.newInstance(503, "upstream said no"))
                .getStatusCode())
        .isEqualTo(500);
  }
}
