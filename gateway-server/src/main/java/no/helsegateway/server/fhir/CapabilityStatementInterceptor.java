package no.helsegateway.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;

/**
 * Completes the generated CapabilityStatement with what the server does but HAPI leaves out: batch
 * Bundles are processed by the same system endpoint as transactions.
 */
@Interceptor
public class CapabilityStatementInterceptor {

  private final String softwareVersion;

  public CapabilityStatementInterceptor(String softwareVersion) {
    this.softwareVersion = softwareVersion;
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
    }
  }
}
