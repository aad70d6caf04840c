package no.helsegateway.server.validation;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The validator HAPI's {@code $validate} operation uses: the same checks as validation on write
 * (declared profiles, the type's default gateway profile, Norwegian identifiers), so that a client
 * can find out ahead of a write exactly what the write would say.
 */
public class GatewayInstanceValidator implements IInstanceValidatorModule {

  private final ProfileValidator validator;

  public GatewayInstanceValidator(ProfileValidator validator) {
    this.validator = validator;
  }

  @Override
  public void validateResource(IValidationContext<IBaseResource> context) {
    for (SingleValidationMessage message : validator.validate(context.getResource())) {
      context.addValidationMessage(message);
    }
  }
}
