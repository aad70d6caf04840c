package no.helsegateway.profiles.internal;

import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.Optional;
import no.helsegateway.profiles.identifiers.IdentifierCheckResult;
import no.helsegateway.profiles.identifiers.NorwegianIdentifiers;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * A HAPI validator module that checks every {@code Identifier} whose system is a Norwegian
 * identifier system (fødselsnummer, D-nummer, FH-nummer, H-nummer, HPR, organisasjonsnummer, HER,
 * RESH) anywhere in the resource, including contained resources and Bundle entries, and reports an
 * ERROR located at the identifier's {@code value}, e.g. {@code
 * Bundle.entry[2].resource.identifier[0].value}. Messages never repeat the number itself. Stateless
 * and thread-safe. Works on R4 model objects only.
 */
public final class IdentifierValidatorModule implements IValidatorModule {

  /** Prefix of the message ids this module reports. */
  public static final String MESSAGE_ID_PREFIX = "gw-identifier-";

  @Override
  public void validateResource(IValidationContext<IBaseResource> ctx) {
    IBaseResource resource = ctx.getResource();
    if (resource instanceof Resource r4) {
      walk(r4, r4.fhirType(), ctx);
    }
  }

  private static void walk(Base element, String path, IValidationContext<IBaseResource> ctx) {
    if (element instanceof Identifier identifier) {
      check(identifier, path, ctx);
    }
    for (Property property : element.children()) {
      if (!property.hasValues()) {
        continue;
      }
      boolean repeating = property.getMaxCardinality() > 1;
      int index = 0;
      for (Base child : property.getValues()) {
        if (child != null && !child.isPrimitive()) {
          String name = property.getName();
          if (name.endsWith("[x]")) {
            String type = child.fhirType();
            name =
                name.substring(0, name.length() - 3)
                    + Character.toUpperCase(type.charAt(0))
                    + type.substring(1);
          }
          String childPath = path + "." + name + (repeating ? "[" + index + "]" : "");
          walk(child, childPath, ctx);
        }
        index++;
      }
    }
  }

  private static void check(
      Identifier identifier, String path, IValidationContext<IBaseResource> ctx) {
    if (!identifier.hasSystem()) {
      return;
    }
    Optional<IdentifierCheckResult> result =
        NorwegianIdentifiers.checkBySystem(identifier.getSystem(), identifier.getValue());
    if (result.isEmpty() || result.get().valid()) {
      return;
    }
    SingleValidationMessage message = new SingleValidationMessage();
    message.setSeverity(ResultSeverityEnum.ERROR);
    message.setLocationString(path + ".value");
    message.setMessage("Invalid " + result.get().message());
    message.setMessageId(MESSAGE_ID_PREFIX + result.get().kind().name().toLowerCase());
    ctx.addValidationMessage(message);
  }
}
