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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * (forward in time), while the access time lies in its period.
 *
 * <p>Lookups: while there are at most {@value #INDEX_LIMIT} active Consents, all of them are read
 * at once into an index by patient, so that a patient without shields (a new one, or one first seen
 * since the last Consent write) costs a map lookup, not a search; with more, the active shields are
 * searched and cached per patient. Either is dropped on every Consent write (before and after its
 * commit), and a lookup that overlapped a Consent write is used once, not kept.
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

  /** At most this many active Consents are held in the index; with more, per-patient searches. */
  static final int INDEX_LIMIT = 2000;

  private final Function<String, List<Shield>> loader;
  private final Supplier<Optional<Map<String, List<Shield>>>> loadAll;
  private final Clock clock;
  private final Map<String, Known<List<Shield>>> cache = new ConcurrentHashMap<>();

  /** Every patient's shields, as of a generation (null: never loaded, or too many). */
  private volatile Known<Map<String, List<Shield>>> index;

  /**
   * Bumped by every Consent write: what was loaded in an earlier generation is not used again (a
   * lookup that overlapped the write is used once, by its own caller).
   */
  private final AtomicLong generation = new AtomicLong();

  private record Known<T>(long generation, T value) {}

  Shields(Function<String, List<Shield>> loader, Clock clock) {
    this(loader, Optional::empty, clock);
  }

  /**
   * @param loader the active shields of one patient
   * @param loadAll every active shield by patient, or empty when there are too many to hold
   */
  Shields(
      Function<String, List<Shield>> loader,
      Supplier<Optional<Map<String, List<Shield>>>> loadAll,
      Clock clock) {
    this.loader = loader;
    this.loadAll = loadAll;
    this.clock = clock;
  }

  /** Shields read from the FHIR store (active Consents of the patient). */
  public static Shields fromStore(IFhirResourceDao<Consent> consents, Clock clock) {
    return new Shields(
        patientRef -> load(consents, patientRef), () -> loadAll(consents, INDEX_LIMIT), clock);
  }

  /** Every active shield by {@code Patient/id}, or empty when there are more than {@code limit}. */
  private static Optional<Map<String, List<Shield>>> loadAll(
      IFhirResourceDao<Consent> dao, int limit) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(Consent.SP_STATUS, new TokenParam("active"));
    map.setLoadSynchronousUpTo(limit + 1);
    map.setCount(limit + 1);
    List<IBaseResource> all = dao.search(map, new SystemRequestDetails()).getAllResources();
    if (all.size() > limit) {
      return Optional.empty();
    }
    Map<String, List<Shield>> byPatient = new HashMap<>();
    for (IBaseResource r : all) {
      Consent c = (Consent) r;
      Shield s = parse(c);
      if (s == null || !c.hasPatient() || !c.getPatient().getReferenceElement().hasIdPart()) {
        continue;
      }
      String patient = "Patient/" + c.getPatient().getReferenceElement().getIdPart();
      byPatient.computeIfAbsent(patient, k -> new ArrayList<>()).add(s);
    }
    byPatient.replaceAll((k, v) -> List.copyOf(v));
    return Optional.of(Map.copyOf(byPatient));
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
    Map<String, List<Shield>> all = index();
    for (String patient : patientRefs) {
      for (Shield s : all != null ? all.getOrDefault(patient, List.of()) : ofPatient(patient)) {
        if (s.blocks(principal, now)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The index, loaded if needed; null when there are too many active Consents for one. */
  private Map<String, List<Shield>> index() {
    long now = generation.get();
    Known<Map<String, List<Shield>>> known = index;
    if (known != null && known.generation() == now) {
      return known.value();
    }
    Map<String, List<Shield>> all = loadAll.get().orElse(null);
    if (all != null) {
      index = new Known<>(now, all);
    }
    return all;
  }

  private List<Shield> ofPatient(String patient) {
    long now = generation.get();
    Known<List<Shield>> known = cache.get(patient);
    if (known != null && known.generation() == now) {
      return known.value();
    }
    List<Shield> loaded = loader.apply(patient);
    cache.put(patient, new Known<>(now, loaded));
    return loaded;
  }

  /** Drops what is cached (a Consent was written). */
  public void invalidate() {
    generation.incrementAndGet(); // first: nothing loaded before counts from here on
    index = null;
    cache.clear();
  }
}
