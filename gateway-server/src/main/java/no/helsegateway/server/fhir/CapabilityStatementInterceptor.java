package no.helsegateway.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

/**
 * Completes the generated CapabilityStatement with what the server does but HAPI leaves out: batch
 * Bundles are processed by the same system endpoint as transactions, and the gateway's Norwegian
 * profiles are listed as {@code supportedProfile} of the types they constrain.
 */
@Interceptor
public class CapabilityStatementInterceptor {

  private final String softwareVersion;
  private final java.util.Map<String, java.util.List<String>> profilesByType;

  public CapabilityStatementInterceptor(
      String softwareVersion, java.util.Map<String, java.util.List<String>> profilesByType) {
    this.softwareVersion = softwareVersion;
    this.profilesByType = profilesByType;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void complete(IBaseConformance generated) {
    if (!(generated instanceof CapabilityStatement cs)) {
      return;
    }
    cs.getSoftware().setName("Helse gateway").setVersion(softwareVersion);
    for (CapabilityStatement.CapabilityStatementRestComponent rest : cs.getRest()) {
      boolean hasBatch =
          rest.getInteraction().stream()
              .anyMatch(i -> i.getCode() == SystemRestfulInteraction.BATCH);
      if (!hasBatch) {
        rest.addInteraction().setCode(SystemRestfulInteraction.BATCH);
      }
      for (CapabilityStatement.CapabilityStatementRestResourceComponent resource :
          rest.getResource()) {
        for (String profile :
            profilesByType.getOrDefault(resource.getType(), java.util.List.of())) {
          if (resource.getSupportedProfile().stream()
              .noneMatch(p -> profile.equals(p.getValue()))) {
            resource.addSupportedProfile(profile);
          }
        }
      }
    }
  }
}
