package no.helsegateway.server.validation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import no.helsegateway.server.config.GatewayValidationProperties;
import no.helsegateway.server.config.GatewayValidationProperties.Mode;
import no.helsegateway.server.fhir.OperationOutcomes;
import no.helsegateway.server.fhir.OperationOutcomes.Issue;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Validation on write. Runs just before a resource is stored, so it covers create, update,
 * conditional writes, every entry of a transaction or batch, and in-process writes of the pipeline
 * alike. In enforce mode a resource with errors is refused with 422 and an OperationOutcome whose
 * issues point at the elements (inside a transaction, at the Bundle entry); warnings never block.
 */
@Interceptor
public class ProfileValidationInterceptor {

  private final ProfileValidator validator;
  private final GatewayValidationProperties properties;
  private final MeterRegistry meters;

  public ProfileValidationInterceptor(
      ProfileValidator validator, GatewayValidationProperties properties, MeterRegistry meters) {
    this.validator = validator;
    this.properties = properties;
    this.meters = meters;
  }

  private static final String VALIDATED = ProfileValidationInterceptor.class.getName() + ".done";

  /**
   * Marks an in-process request whose resources the caller has validated against the same profiles
   * and modes already (the e-message pipeline does, to report issues in its AppRec), so that they
   * are not validated twice.
   */
  public static void markValidated(RequestDetails request) {
    request.getUserData().put(VALIDATED, Boolean.TRUE);
  }

  /**
   * A transaction (over REST or in process) is validated entry by entry before it runs, so that
   * every issue of every entry is reported at once, located at {@code Bundle.entry[i].resource},
   * and nothing is stored. Batch entries are independent and are checked when each is stored.
   */
  @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
  public void onTransaction(RequestDetails request, IBaseBundle transaction) {
    validateTransaction(request, transaction);
  }

  /**
   * Validates a transaction exactly as {@link #onTransaction} would, for an in-process caller that
   * wants it done before it opens its database transaction (so that the validator's CPU work does
   * not hold a connection and locks). Marks {@code request} validated: pass the same request to the
   * transaction, and it is not validated twice.
   *
   * @throws ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException (422 with an
   *     OperationOutcome) when an enforced profile is violated
   */
  public void validateTransaction(RequestDetails request, IBaseBundle transaction) {
    if (request == null
        || !(transaction instanceof Bundle bundle)
        || bundle.getType() != Bundle.BundleType.TRANSACTION
        || Boolean.TRUE.equals(request.getUserData().get(VALIDATED))) {
      return;
    }
    List<SingleValidationMessage> messages =
        validator.validateEntries(bundle, t -> properties.modeFor(t) != Mode.OFF);
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    List<Issue> issues = new ArrayList<>();
    boolean blocking = false;
    for (SingleValidationMessage m : messages) {
      if (m.getSeverity() == ResultSeverityEnum.INFORMATION) {
        continue;
      }
      int index = ProfileValidator.entryIndex(m);
      if (index < 0 || !m.getLocationString().startsWith("Bundle.entry[" + index + "].resource")) {
        continue; // the Bundle's own structure is checked by the transaction processing
      }
      Mode mode =
          index >= 0 && index < entries.size() && entries.get(index).getResource() != null
              ? properties.modeFor(entries.get(index).getResource().fhirType())
              : Mode.ENFORCE;
      boolean error = ProfileValidator.isError(m);
      if (error && mode == Mode.ENFORCE) {
        blocking = true;
      }
      if (mode == Mode.ENFORCE) {
        issues.add(
            new Issue(
                severity(m.getSeverity()), issueType(m), m.getMessage(), m.getLocationString()));
      }
      meters
          .counter(
              "gateway_validation_messages_total",
              "severity",
              m.getSeverity().getCode(),
              "mode",
              mode.name().toLowerCase(java.util.Locale.ROOT))
          .increment();
    }
    if (!blocking) {
      issues.clear();
    }
    request.getUserData().put(VALIDATED, Boolean.TRUE);
    refuseIfErrors(issues, "The transaction");
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void onCreate(IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void onUpdate(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    check(updated, request);
  }

  void check(IBaseResource resource, RequestDetails request) {
    if (request != null && Boolean.TRUE.equals(request.getUserData().get(VALIDATED))) {
      return;
    }
    refuseIfErrors(issuesOf(resource, null), resource.fhirType());
  }

  private static void refuseIfErrors(List<Issue> issues, String subject) {
    boolean failed =
        issues.stream()
            .anyMatch(
                i -> i.severity() == IssueSeverity.ERROR || i.severity() == IssueSeverity.FATAL);
    if (failed) {
      UnprocessableEntityException refusal =
          new UnprocessableEntityException(subject + " does not conform to its profiles");
      List<Issue> errorsFirst = new ArrayList<>(issues);
      errorsFirst.sort(java.util.Comparator.comparing(i -> i.severity().ordinal()));
      refusal.setOperationOutcome(OperationOutcomes.of(errorsFirst));
      throw refusal;
    }
  }

  /** The issues that block in enforce mode (errors) and the warnings that go with them. */
  private List<Issue> issuesOf(IBaseResource resource, String prefix) {
    Mode mode = properties.modeFor(resource.fhirType());
    if (mode == Mode.OFF || !validator.applies(resource)) {
      return List.of();
    }
    List<SingleValidationMessage> messages = validator.validate(resource);
    boolean failed = messages.stream().anyMatch(ProfileValidator::isError);
    meters
        .counter(
            "gateway_validation_total",
            "type",
            resource.fhirType(),
            "outcome",
            failed ? "invalid" : "valid",
            "mode",
            mode.name().toLowerCase(java.util.Locale.ROOT))
        .increment();
    List<Issue> issues = new ArrayList<>();
    if (!failed || mode != Mode.ENFORCE) {
      return issues;
    }
    for (SingleValidationMessage m : messages) {
      if (m.getSeverity() == ResultSeverityEnum.INFORMATION) {
        continue;
      }
      issues.add(
          new Issue(
              severity(m.getSeverity()),
              issueType(m),
              m.getMessage(),
              located(prefix, m.getLocationString(), resource.fhirType())));
    }
    return issues;
  }

  static String located(String prefix, String location, String resourceType) {
    if (location == null || location.isBlank()) {
      return prefix;
    }
    if (prefix == null) {
      return location;
    }
    return location.startsWith(resourceType)
        ? prefix + location.substring(resourceType.length())
        : prefix + "." + location;
  }

  private static IssueSeverity severity(ResultSeverityEnum s) {
    return switch (s) {
      case FATAL -> IssueSeverity.FATAL;
      case ERROR -> IssueSeverity.ERROR;
      case WARNING -> IssueSeverity.WARNING;
      case INFORMATION -> IssueSeverity.INFORMATION;
    };
  }

  private static IssueType issueType(SingleValidationMessage m) {
    String id = m.getMessageId() == null ? "" : m.getMessageId();
    if (id.contains("Minimum") || id.contains("Required")) {
      return IssueType.REQUIRED;
    }
    if (id.contains("Terminology") || id.contains("CODE") || id.contains("code")) {
      return IssueType.CODEINVALID;
    }
    if (id.contains("identifier") || id.contains("Identifier")) {
      return IssueType.VALUE;
    }
    return IssueType.INVARIANT;
  }
}
