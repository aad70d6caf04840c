package no.helsegateway.server.validation;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The validator HAPI's {@code $validate} operation uses: the same checks as validation on write
 * (declared profiles, the type's default gateway profile, Norwegian identifiers), so that a client
 * can find out ahead of a write exactly what the write would say. A transaction or batch Bundle is
 * checked as a Bundle and then entry by entry, each entry against its own type's profile, with
 * locations {@code Bundle.entry[i].resource...}.
 */
public class GatewayInstanceValidator implements IInstanceValidatorModule {

  private final ProfileValidator validator;

  public GatewayInstanceValidator(ProfileValidator validator) {
    this.validator = validator;
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    IBaseResource resource = context.getResource();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (SingleValidationMessage message : validator.validate(resource)) {
      add(context, message, seen);
    }
    if (resource instanceof Bundle bundle
        && (bundle.getType() == Bundle.BundleType.TRANSACTION
            || bundle.getType() == Bundle.BundleType.BATCH)) {
      List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
      for (int i = 0; i < entries.size(); i++) {
        IBaseResource entry = entries.get(i).getResource();
        if (entry == null || !validator.applies(entry)) {
          continue;
        }
        String prefix = "Bundle.entry[" + i + "].resource";
        for (SingleValidationMessage message : validator.validate(entry)) {
          message.setLocationString(
              ProfileValidationInterceptor.located(
                  prefix, message.getLocationString(), entry.fhirType()));
          add(context, message, seen);
        }
      }
    }
  }

  /** Adds a message once: the Bundle pass and the entry pass may find the same problem. */
  private static void add(
      IValidationContext<IBaseResource> context,
      SingleValidationMessage message,
      java.util.Set<String> seen) {
    String key =
        message.getSeverity() + "|" + message.getLocationString() + "|" + message.getMessage();
    if (seen.add(key)) {
      context.addValidationMessage(message);
    }
  }
}
