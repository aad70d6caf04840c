package no.helsegateway.server.openehr.internal;

import com.nedap.archie.rm.support.identification.ObjectVersionId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import no.helsegateway.mappings.openehr.MappedComposition;
import no.helsegateway.mappings.openehr.OpenEhrMapper;
import no.helsegateway.mappings.openehr.OpenEhrMappingException;
import no.helsegateway.mappings.openehr.TemplateSource;
import no.helsegateway.server.openehr.GatewayOpenEhrProperties;
import no.helsegateway.server.openehr.internal.JdbcOpenEhrOutbox.Item;
import no.helsegateway.server.openehr.internal.JdbcOpenEhrOutbox.Link;
import no.helsegateway.server.openehr.internal.OpenEhrRestClient.VersionUid;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Delivers the outbox to the CDR: one background thread polls due items (bounded batch, oldest
 * pending item of each resource only), ensures the patient's EHR, commits, updates or deletes the
 * composition and records its version uid. Transient failures (CDR down, slow, 5xx) retry with
 * exponential back-off per item and stop the batch; permanent ones (a composition the template or
 * the CDR rejects, a patient without national identifier) go to the dead letter ({@code DEAD} with
 * the reason). Logs carry resource type, id and version only, never content.
 */
public class OutboxConsumer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(OutboxConsumer.class);
  private static final int MAX_UNEXPECTED_ATTEMPTS = 10;

  private final JdbcOpenEhrOutbox outbox;
  private final OpenEhrRestClient cdr;
  private final OpenEhrMapper mapper;
  private final FhirSource fhir;
  private final GatewayOpenEhrProperties props;
  private final Clock clock;
  private final Timer deliveryTimer;
  private final Map<FhirSource.Subject, String> ehrIds = new ConcurrentHashMap<>();
  private final AtomicLong lastSuccess = new AtomicLong();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();
  private volatile boolean templatesReady;
  private volatile ScheduledExecutorService executor;
  private volatile java.util.concurrent.ExecutorService workers;

  /** Result of one item. */
  record Outcome(String state, String note) {}

  public OutboxConsumer(
      JdbcOpenEhrOutbox outbox,
      OpenEhrRestClient cdr,
      OpenEhrMapper mapper,
      FhirSource fhir,
      GatewayOpenEhrProperties props,
      Clock clock,
      MeterRegistry meters) {
    this.outbox = outbox;
    this.cdr = cdr;
    this.mapper = mapper;
    this.fhir = fhir;
    this.props = props;
    this.clock = clock;
    this.templatesReady = !props.uploadTemplates();
    this.deliveryTimer =
        Timer.builder("gateway.openehr.delivery")
            .description("From the FHIR write (outbox row) to the composition committed in the CDR")
            .publishPercentiles(0.5, 0.95)
            .register(meters);
  }

  @Override
  public void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "openehr-outbox");
              t.setDaemon(true);
              return t;
            });
    workers =
        Executors.newFixedThreadPool(
            props.workers(),
            r -> {
              Thread t = new Thread(r, "openehr-delivery");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::pollSafely, 0, props.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (workers != null) {
      workers.shutdownNow();
    }
    ScheduledExecutorService e = executor;
    if (e != null) {
      e.shutdownNow();
      try {
        e.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    executor = null;
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  public long lastSuccessMillis() {
    return lastSuccess.get();
  }

  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  public boolean templatesReady() {
    return templatesReady;
  }

  private void pollSafely() {
    try {
      while (poll()) {
        // a full batch without transient failure: go on at once
      }
    } catch (RuntimeException e) {
      log.warn("openEHR outbox poll failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * One batch.
   *
   * @return true when the batch was full and had no transient failure (more work is likely due)
   */
  public boolean poll() {
    if (!templatesReady && !ensureTemplates()) {
      return false;
    }
    List<Item> due = outbox.due(clock.millis(), props.batchSize());
    java.util.concurrent.ExecutorService pool = workers;
    if (pool == null || props.workers() == 1 || due.size() < 2) {
      for (Item item : due) {
        if (Thread.currentThread().isInterrupted() || !deliver(item)) {
          return false;
        }
      }
      return due.size() == props.batchSize();
    }
    // at most one item per resource is due at a time, so the items of a batch are independent
    java.util.concurrent.atomic.AtomicBoolean transientFailure =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
    for (Item item : due) {
      running.add(
          pool.submit(
              () -> {
                if (!transientFailure.get() && !deliver(item)) {
                  transientFailure.set(true);
                }
              }));
    }
    for (java.util.concurrent.Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        transientFailure.set(true);
      }
    }
    return !transientFailure.get() && due.size() == props.batchSize();
  }

  /** Uploads the templates the CDR lacks. */
  boolean ensureTemplates() {
    try {
      List<String> present = cdr.templateIds();
      for (TemplateSource t : mapper.templates()) {
        if (!present.contains(t.templateId()) && cdr.uploadTemplate(t.xml())) {
          log.info("Uploaded openEHR template {} to the CDR", t.templateId());
        }
      }
      templatesReady = true;
      return true;
    } catch (CdrException e) {
      lastFailure.set("template upload: " + e.getMessage());
      log.warn("openEHR templates not uploaded yet: {}", e.getMessage());
      return false;
    }
  }

  /**
   * Processes one item and records its outcome.
   *
   * @return false on a transient failure (the batch stops)
   */
  boolean deliver(Item item) {
    String what =
        item.resourceType() + "/" + item.resourceId() + "/_history/" + item.resourceVersion();
    try {
      Outcome outcome =
          OutboxInterceptor.DELETE.equals(item.operation()) ? delete(item) : upsert(item);
      long now = clock.millis();
      outbox.finish(item.id(), outcome.state(), outcome.note(), now);
      if ("DONE".equals(outcome.state())) {
        deliveryTimer.record(Duration.ofMillis(Math.max(0, now - item.createdAt())));
      }
      lastSuccess.set(now);
      lastFailure.set(null);
      log.debug("openEHR {} {}: {}", item.operation(), what, outcome.state());
      return true;
    } catch (OpenEhrMappingException e) {
      dead(item, what, "mapping: " + e.getMessage());
      return true;
    } catch (CdrException e) {
      if (e.permanent()) {
        dead(item, what, "CDR: " + e.getMessage());
        return true;
      }
      retry(item, what, e.getMessage());
      return false;
    } catch (RuntimeException e) {
      if (item.attempts() + 1 >= MAX_UNEXPECTED_ATTEMPTS) {
        dead(item, what, "unexpected: " + e.getClass().getSimpleName());
        return true;
      }
      retry(item, what, "unexpected: " + e.getClass().getSimpleName());
      return false;
    }
  }

  private void dead(Item item, String what, String reason) {
    outbox.finish(item.id(), "DEAD", reason, clock.millis());
    log.warn("openEHR {} {} went to the dead letter: {}", item.operation(), what, reason);
  }

  private void retry(Item item, String what, String reason) {
    int attempts = item.attempts() + 1;
    long delay = backoff(attempts);
    long now = clock.millis();
    outbox.retryLater(item.id(), attempts, now + delay, reason, now);
    lastFailure.set(reason);
    log.info(
        "openEHR {} {} failed (attempt {}), retry in {} ms: {}",
        item.operation(),
        what,
        attempts,
        delay,
        reason);
  }

  long backoff(int attempts) {
    long initial = props.initialBackoff().toMillis();
    long max = props.maxBackoff().toMillis();
    int shift = Math.min(attempts - 1, 30);
    long delay = initial << shift;
    return delay <= 0 || delay > max ? max : delay;
  }

  private Outcome upsert(Item item) {
    Optional<Link> link = outbox.link(item.resourceType(), item.resourceId());
    if (link.isPresent() && link.get().resourceVersion() >= item.resourceVersion()) {
      return new Outcome("DONE", "already applied");
    }
    Optional<Resource> resource =
        fhir.read(item.resourceType(), item.resourceId(), item.resourceVersion());
    if (resource.isEmpty()) {
      return new Outcome("SKIPPED", "resource version not readable");
    }
    Optional<MappedComposition> mapped = mapper.map(resource.get());
    Optional<Link> live = link.filter(l -> !l.deleted());
    if (mapped.isEmpty()) {
      if (live.isPresent()) {
        deleteComposition(live.get());
        outbox.saveLink(
            withVersion(live.get(), live.get().versionUid(), item, true), clock.millis());
        return new Outcome("DONE", "composition deleted: nothing left to mirror");
      }
      return new Outcome("SKIPPED", "nothing to mirror");
    }
    FhirSource.Subject subject =
        fhir.subject(resource.get())
            .orElseThrow(
                () ->
                    new OpenEhrMappingException(
                        "the patient has no national identifier", List.of()));
    String ehrId = ensureEhr(subject);
    MappedComposition composition = mapped.get();
    if (live.isPresent() && !live.get().ehrId().equals(ehrId)) {
      // the resource moved to another patient: the old EHR loses the composition
      deleteComposition(live.get());
      live = Optional.empty();
    }
    VersionUid committed;
    if (live.isPresent()) {
      committed = update(ehrId, new VersionUid(live.get().versionUid()), composition);
    } else {
      UUID uuid =
          UUID.nameUUIDFromBytes(
              (item.resourceType() + "/" + item.resourceId() + "/" + item.resourceVersion())
                  .getBytes(StandardCharsets.UTF_8));
      composition.composition().setUid(new ObjectVersionId(uuid + "::" + props.systemId() + "::1"));
      Optional<VersionUid> created = cdr.createComposition(ehrId, composition.canonicalJson());
      committed =
          created.isPresent()
              ? created.get()
              : cdr.latestVersion(ehrId, uuid.toString())
                  .orElseThrow(
                      () -> new CdrException("composition exists but cannot be read", 409, false));
    }
    outbox.saveLink(
        new Link(
            item.resourceType(),
            item.resourceId(),
            ehrId,
            composition.templateId(),
            committed.value(),
            item.resourceVersion(),
            false),
        clock.millis());
    return new Outcome("DONE", committed.value());
  }

  private VersionUid update(String ehrId, VersionUid preceding, MappedComposition composition) {
    composition.composition().setUid(null);
    String json = composition.canonicalJson();
    Optional<VersionUid> v = cdr.updateComposition(ehrId, preceding, json);
    if (v.isPresent()) {
      return v.get();
    }
    // 412: our last update reached the CDR but its answer was lost; update on top of the latest
    // version
    VersionUid latest =
        cdr.latestVersion(ehrId, preceding.objectId())
            .orElseThrow(() -> new CdrException("composition to update is gone", 412, false));
    return cdr.updateComposition(ehrId, latest, json)
        .orElseThrow(() -> new CdrException("composition changed concurrently", 412, false));
  }

  private Outcome delete(Item item) {
    Optional<Link> link =
        outbox.link(item.resourceType(), item.resourceId()).filter(l -> !l.deleted());
    if (link.isEmpty()) {
      return new Outcome("SKIPPED", "no composition");
    }
    if (link.get().resourceVersion() >= item.resourceVersion()) {
      return new Outcome("DONE", "already applied");
    }
    deleteComposition(link.get());
    outbox.saveLink(withVersion(link.get(), link.get().versionUid(), item, true), clock.millis());
    return new Outcome("DONE", "deleted " + link.get().versionUid());
  }

  private void deleteComposition(Link link) {
    VersionUid version = new VersionUid(link.versionUid());
    if (!cdr.deleteComposition(link.ehrId(), version)) {
      Optional<VersionUid> latest = cdr.latestVersion(link.ehrId(), version.objectId());
      latest.ifPresent(l -> cdr.deleteComposition(link.ehrId(), l));
    }
  }

  private static Link withVersion(Link link, String versionUid, Item item, boolean deleted) {
    return new Link(
        link.resourceType(),
        link.resourceId(),
        link.ehrId(),
        link.templateId(),
        versionUid,
        item.resourceVersion(),
        deleted);
  }

  /**
   * Finds the subject's EHR, creating it when missing (a concurrent creation is found on the second
   * look).
   */
  String ensureEhr(FhirSource.Subject subject) {
    String cached = ehrIds.get(subject);
    if (cached != null) {
      return cached;
    }
    String ehrId =
        cdr.findEhr(subject.id(), subject.namespace())
            .or(() -> cdr.createEhr(subject.id(), subject.namespace()))
            .or(() -> cdr.findEhr(subject.id(), subject.namespace()))
            .orElseThrow(() -> new CdrException("EHR neither found nor created", 409, false));
    ehrIds.put(subject, ehrId);
    return ehrId;
  }
}
