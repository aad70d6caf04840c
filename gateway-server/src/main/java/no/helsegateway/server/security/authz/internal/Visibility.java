package no.helsegateway.server.security.authz.internal;

import java.util.Set;
import java.util.stream.Collectors;
import no.helsegateway.server.config.GatewaySecurityProperties;
import no.helsegateway.server.security.PatientCompartment;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Whether a caller may see (or write) one resource: resources in no patient's compartment follow
 * the scopes only; others need at least one owner among the caller's permitted patients (reads) or
 * every owner (writes), and no owner may shield their data from the caller (break-the-glass opens
 * shields only with {@code gateway.security.break-the-glass.overrides-shielding}).
 */
public final class Visibility {

  private final PatientCompartment compartment;
  private final Shields shields;
  private final GatewaySecurityProperties security;

  public Visibility(
      PatientCompartment compartment, Shields shields, GatewaySecurityProperties security) {
    this.compartment = compartment;
    this.shields = shields;
    this.security = security;
  }

  /** The patients a resource belongs to, without placeholders of a transaction in progress. */
  public Set<String> owners(IBaseResource resource) {
    return compartment.owners(resource).stream()
        .filter(o -> !o.startsWith("Patient/urn:") && !o.startsWith("Patient/#"))
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  public boolean maySee(PatientAccess access, IBaseResource resource) {
    Set<String> owners = owners(resource);
    if (owners.isEmpty()) {
      return true;
    }
    if (owners.stream().noneMatch(access::mayRead)) {
      return false;
    }
    return !shielded(access, owners);
  }

  /** Every owner permitted and none shielding: what a write needs. */
  public boolean mayWrite(PatientAccess access, Set<String> owners) {
    return owners.stream().allMatch(access::mayWrite) && !shielded(access, owners);
  }

  boolean shielded(PatientAccess access, Set<String> owners) {
    if (access.breakTheGlass() && security.breakTheGlass().overridesShielding()) {
      return false;
    }
    return shields.blocks(owners, access.principal());
  }

  public boolean inPatientCompartment(String type) {
    return compartment.inPatientCompartment(type);
  }
}
