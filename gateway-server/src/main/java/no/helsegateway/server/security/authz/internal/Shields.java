package no.helsegateway.server.security.authz.internal;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import no.helsegateway.server.security.GatewayPrincipal;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;

/**
 * Shielding (sperring): active Consent resources in which a patient blocks named practitioners (HPR
 * number) or organisations (organisation number) from their data ({@code status=active}, {@code
 * provision.type=deny}, {@code provision.actor.reference.identifier}, optional {@code
 * provision.period}). A shield covers the patient's whole record, including data written after it
 * (forward in time), while the access time lies in its period. Active shields are cached per
 * patient and the cache is dropped on every Consent write.
 */
public final class Shields {

  public static final String HPR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.4";
  public static final String ORGNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.101";

  /** One block: who is blocked, and when. */
  public record Shield(List<String> hprNumbers, List<String> orgnrs, Date start, Date end) {

    public Shield {
      hprNumbers = List.copyOf(hprNumbers);
      orgnrs = List.copyOf(orgnrs);
    }

    boolean blocks(GatewayPrincipal p, Date now) {
      if (start != null && now.before(start)) {
        return false;
      }
      if (end != null && now.after(end)) {
        return false;
      }
      if (p.hprNumber() != null && hprNumbers.contains(p.hprNumber())) {
        return true;
      }
      return (p.orgnrParent() != null && orgnrs.contains(p.orgnrParent()))
          || (p.orgnrChild() != null && orgnrs.contains(p.orgnrChild()));
    }
  }

  private final Function<String, List<Shield>> loader;
  private final Clock clock;
  private final Map<String, List<Shield>> cache = new ConcurrentHashMap<>();

  Shields(Function<String, List<Shield>> loader, Clock clock) {
    this.loader = loader;
    this.clock = clock;
  }

  /** Shields read from the FHIR store (active Consents of the patient). */
  public static Shields fromStore(IFhirResourceDao<Consent> consents, Clock clock) {
    return new Shields(patientRef -> load(consents, patientRef), clock);
  }

  private static List<Shield> load(IFhirResourceDao<Consent> dao, String patientRef) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(Consent.SP_PATIENT, new ReferenceParam(patientRef));
    map.add(Consent.SP_STATUS, new TokenParam("active"));
    List<Shield> shields = new ArrayList<>();
    for (IBaseResource r : dao.search(map, new SystemRequestDetails()).getAllResources()) {
      Shield s = parse((Consent) r);
      if (s != null) {
        shields.add(s);
      }
    }
    return List.copyOf(shields);
  }

  /** The shield a Consent declares, or null when it is not an active deny naming an actor. */
  static Shield parse(Consent consent) {
    if (consent.getStatus() != Consent.ConsentState.ACTIVE
        || !consent.hasProvision()
        || consent.getProvision().getType() != Consent.ConsentProvisionType.DENY) {
      return null;
    }
    List<String> hpr = new ArrayList<>();
    List<String> org = new ArrayList<>();
    for (Consent.provisionActorComponent actor : consent.getProvision().getActor()) {
      Identifier id = actor.getReference().getIdentifier();
      if (id == null || !id.hasValue()) {
        continue;
      }
      if (HPR_SYSTEM.equals(id.getSystem())) {
        hpr.add(id.getValue());
      } else if (ORGNR_SYSTEM.equals(id.getSystem())) {
        org.add(id.getValue());
      }
    }
    if (hpr.isEmpty() && org.isEmpty()) {
      return null;
    }
    Period period = consent.getProvision().getPeriod();
    return new Shield(
        hpr,
        org,
        period == null ? null : period.getStart(),
        period == null ? null : period.getEnd());
  }

  /** Whether any of the patients ({@code Patient/<id>}) shields their data from the principal. */
  public boolean blocks(Collection<String> patientRefs, GatewayPrincipal principal) {
    if (principal.hprNumber() == null
        && principal.orgnrParent() == null
        && principal.orgnrChild() == null) {
      return false;
    }
    Date now = new Date(clock.millis());
    for (String patient : patientRefs) {
      for (Shield s : cache.computeIfAbsent(patient, loader)) {
        if (s.blocks(principal, now)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Drops the cache (a Consent was written). */
  public void invalidate() {
    cache.clear();
  }
}
