package no.helsegateway.server.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The one factory for error OperationOutcomes of the FHIR server: severity, an issue type that
 * matches the HTTP status, a message for the client, and the element it concerns when known.
 */
public final class OperationOutcomes {

  private OperationOutcomes() {}

  public static OperationOutcome error(int httpStatus, String message, String expression) {
    OperationOutcome outcome = new OperationOutcome();
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue();
    issue.setSeverity(httpStatus >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR);
    issue.setCode(issueTypeFor(httpStatus));
    issue.setDiagnostics(message);
    issue.getDetails().setText(message);
    if (expression != null && !expression.isBlank()) {
      issue.addExpression(expression);
    }
    return outcome;
  }

  /** One issue of a validation result, already located (FHIRPath expression of the element). */
  public record Issue(IssueSeverity severity, IssueType type, String message, String expression) {}

  /** An OperationOutcome with several issues, e.g. the errors and warnings of a validation. */
  public static OperationOutcome of(java.util.List<Issue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    for (Issue i : issues) {
      OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue();
      issue.setSeverity(i.severity());
      issue.setCode(i.type());
      issue.setDiagnostics(i.message());
      issue.getDetails().setText(i.message());
      if (i.expression() != null && !i.expression().isBlank()) {
        issue.addExpression(i.expression());
      }
    }
    return outcome;
  }

  public static IssueType issueTypeFor(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> IssueType.INVALID;
      case 401 -> IssueType.LOGIN;
      case 403 -> IssueType.FORBIDDEN;
      case 404, 410 -> IssueType.NOTFOUND;
      case 405, 415 -> IssueType.NOTSUPPORTED;
      case 409, 412 -> IssueType.CONFLICT;
      case 413 -> IssueType.TOOLONG;
      case 422 -> IssueType.PROCESSING;
      case 429 -> IssueType.THROTTLED;
      default -> httpStatus >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
    };
  }
}
