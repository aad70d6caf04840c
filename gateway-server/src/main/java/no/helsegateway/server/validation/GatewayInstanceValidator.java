package no.helsegateway.server.validation;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import no.helsegateway.server.config.GatewayValidationProperties;
import no.helsegateway.server.config.GatewayValidationProperties.Mode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The validator HAPI's {@code $validate} operation uses: the same checks as validation on write
 * (declared profiles, the type's default gateway profile, Norwegian identifiers), so that a client
 * can find out ahead of a write exactly what the write would say. A transaction or batch Bundle is
 * checked with its entries, each against its own type's profile, located at {@code
 * Bundle.entry[i].resource...}.
 */
public class GatewayInstanceValidator implements IInstanceValidatorModule {

  private final ProfileValidator validator;
  private final GatewayValidationProperties properties;

  public GatewayInstanceValidator(
      ProfileValidator validator, GatewayValidationProperties properties) {
    this.validator = validator;
    this.properties = properties;
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    IBaseResource resource = context.getResource();
    List<SingleValidationMessage> messages;
    if (resource instanceof Bundle bundle
        && (bundle.getType() == Bundle.BundleType.TRANSACTION
            || bundle.getType() == Bundle.BundleType.BATCH)) {
      messages = validator.validateEntries(bundle, t -> properties.modeFor(t) != Mode.OFF);
    } else {
      messages = validator.validate(resource);
    }
    messages.forEach(context::addValidationMessage);
  }
}
