package no.helsegateway.server.hl7v2.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.mappings.hl7v2.Hl7v2Processor;
import no.helsegateway.mappings.hl7v2.Hl7v2Result;
import no.helsegateway.mappings.hl7v2.Hl7v2Status;
import no.helsegateway.routes.hl7v2.Hl7v2MessageHandler;
import no.helsegateway.server.hl7v2.Hl7v2Auditor;
import no.helsegateway.server.storage.GroupCommitter;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Implements the MLLP route's port: translate with the library, then in ONE database transaction
 * record the message key (UNIQUE sending facility + MSH-10, with the ACK) and commit the FHIR
 * transaction Bundle in process; only after the commit the positive ACK is returned. A resent
 * message finds its key and gets the stored ACK; nothing is created again. Business failures are AE
 * (final), infrastructure failures AR (the sender may resend; nothing was stored). Logs carry the
 * control id and the outcome, never the content.
 */
public final class Hl7v2InboundService implements Hl7v2MessageHandler {

  private static final Logger log = LoggerFactory.getLogger(Hl7v2InboundService.class);
  private static final String METRIC = "gateway_messages_total";
  private static final String STAGE_METRIC = "gateway_hl7v2_stage";
  private static final String GROUP_METRIC = "gateway_hl7v2_commit_messages";

  private final Hl7v2Processor processor;
  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final JdbcHl7v2MessageLog messageLog;
  private final TransactionTemplate tx;
  private final MeterRegistry meters;
  private final BiConsumer<RequestDetails, Bundle> validateBeforeCommit;
  private final FhirTerser terser;
  private final GroupCommitter<Ready, String> committer;
  private final Hl7v2Auditor auditor;

  /** A converted, validated message waiting for its commit; {@code request} is marked validated. */
  record Ready(Hl7v2Result result, RequestDetails request) {}

  /**
   * @param validateBeforeCommit the profile validation of the transaction, run BEFORE the database
   *     transaction opens (the validator's CPU work then holds no connection and no locks); it
   *     marks the request validated so the transaction does not validate again, and throws a
   *     422-type exception when an enforced profile is violated
   * @param commitGroupMax the most messages that share one database transaction (1: none share)
   * @param auditor the access log: one record per received message (issue 9)
   */
  public Hl7v2InboundService(
      FhirContext fhirContext,
      Hl7v2Processor processor,
      IFhirSystemDao<Bundle, Meta> systemDao,
      JdbcHl7v2MessageLog messageLog,
      TransactionTemplate tx,
      MeterRegistry meters,
      BiConsumer<RequestDetails, Bundle> validateBeforeCommit,
      int commitGroupMax,
      Hl7v2Auditor auditor) {
    this.auditor = auditor == null ? Hl7v2Auditor.NONE : auditor;
    this.processor = processor;
    this.systemDao = systemDao;
    this.messageLog = messageLog;
    this.tx = tx;
    this.meters = meters;
    this.validateBeforeCommit = validateBeforeCommit;
    this.terser = fhirContext.newTerser();
    this.committer =
        new GroupCommitter<>(
            new GroupCommitter.Store<>() {
              @Override
              public List<String> storeTogether(List<Ready> jobs) {
                return Hl7v2InboundService.this.storeTogether(jobs);
              }

              @Override
              public String storeAlone(Ready job) {
                return Hl7v2InboundService.this.storeAlone(job);
              }
            },
            commitGroupMax);
  }

  /**
   * One message in its own database transaction: the de-duplication key, then the FHIR transaction.
   * Throws what the store throws (nothing is then stored).
   */
  private String storeAlone(Ready job) {
    Hl7v2Result r = job.result();
    String ack =
        tx.execute(
            status -> {
              // The key first: a concurrent resend waits on it and then fails, instead of both
              // writing resources.
              logKey(r);
              Bundle response = systemDao.transactionNested(job.request(), r.bundle());
              // in this transaction: no record, nothing stored
              auditor.received(stored(r, response.getEntry()));
              return r.ack();
            });
    commitSize(1);
    return ack;
  }

  /** The de-duplication key (sending facility + MSH-10) with the ACK a resend gets. */
  private void logKey(Hl7v2Result r) {
    messageLog.insert(
        r.sendingFacility(), r.controlId(), r.header().event(), r.ackCode().name(), r.ack());
  }

  /** Messages per database commit (1 = stored alone). */
  private void commitSize(int messages) {
    if (meters != null) {
      meters.summary(GROUP_METRIC, "channel", "mllp").record(messages);
    }
  }

  /**
   * Several messages in one database transaction: the messages that touch nothing another of them
   * touches (see {@link #touches}) are stored as one FHIR transaction with all their entries
   * (copies: a failed attempt leaves the originals untouched for the single retry), together with
   * their de-duplication keys. Returns the ACK of each message stored, {@code null} for the others
   * (they are stored alone next). A failure rolls everything back and is thrown.
   */
  private List<String> storeTogether(List<Ready> jobs) {
    List<String> acks = new ArrayList<>(Collections.nCopies(jobs.size(), null));
    Set<String> taken = new HashSet<>();
    List<Integer> group = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Set<String> keys = touches(jobs.get(i).result());
      if (keys != null && Collections.disjoint(keys, taken)) {
        taken.addAll(keys);
        group.add(i);
      }
    }
    if (group.size() < 2) {
      return acks;
    }
    Bundle together = new Bundle();
    together.setType(Bundle.BundleType.TRANSACTION);
    for (int i : group) {
      for (Bundle.BundleEntryComponent e : jobs.get(i).result().bundle().copy().getEntry()) {
        together.addEntry(e);
      }
    }
    // every part was validated against the profiles before it got here; the request of the first
    // one carries that mark
    RequestDetails request = jobs.get(group.get(0)).request();
    tx.execute(
        status -> {
          for (int i : group) {
            logKey(jobs.get(i).result());
          }
          Bundle response = systemDao.transactionNested(request, together);
          int from = 0;
          for (int i : group) {
            Hl7v2Result r = jobs.get(i).result();
            int to = from + r.bundle().getEntry().size();
            // each message's record names what its own entries stored
            auditor.received(stored(r, response.getEntry().subList(from, to)));
            from = to;
          }
          return null;
        });
    for (int i : group) {
      acks.set(i, jobs.get(i).result().ack());
    }
    commitSize(group.size());
    return acks;
  }

  /**
   * What a message's transaction may touch, as keys: its de-duplication key, its entries' full
   * URLs, the identifier values of its resources and of its conditional URLs and references, and
   * the ids it names. Two messages with a common key never share a transaction (inside one FHIR
   * transaction the conditional matches are resolved before anything is written, so two creates of
   * the same person would both find nothing). {@code null}: the message must be stored alone (an
   * entry other than a create or update, or a condition on something other than an identifier).
   */
  Set<String> touches(Hl7v2Result r) {
    Set<String> keys = new HashSet<>();
    keys.add("M|" + r.sendingFacility() + "|" + r.controlId());
    for (Bundle.BundleEntryComponent e : r.bundle().getEntry()) {
      Bundle.HTTPVerb verb = e.getRequest().getMethod();
      Resource resource = e.getResource();
      if ((verb != Bundle.HTTPVerb.PUT && verb != Bundle.HTTPVerb.POST) || resource == null) {
        return null;
      }
      String type = resource.fhirType();
      if (e.hasFullUrl()) {
        keys.add("F|" + e.getFullUrl());
      }
      String url = e.getRequest().getUrl();
      int q = url == null ? -1 : url.indexOf('?');
      if (q >= 0 && !criteriaKeys(type, url.substring(q + 1), keys)) {
        return null;
      }
      if (q < 0 && verb == Bundle.HTTPVerb.PUT && url != null) {
        keys.add("I|" + url);
      }
      if (e.getRequest().hasIfNoneExist()
          && !criteriaKeys(type, e.getRequest().getIfNoneExist(), keys)) {
        return null;
      }
      Property p = resource.getNamedProperty("identifier");
      if (p != null) {
        for (Base v : p.getValues()) {
          if (v instanceof Identifier id && id.hasValue()) {
            keys.add("K|" + type + "|" + id.getValue());
          }
        }
      }
      for (ResourceReferenceInfo ref : terser.getAllResourceReferences(resource)) {
        String target = ref.getResourceReference().getReferenceElement().getValue();
        if (target == null || target.startsWith("urn:uuid:") || target.startsWith("#")) {
          continue;
        }
        int rq = target.indexOf('?');
        if (rq >= 0) {
          if (!criteriaKeys(target.substring(0, rq), target.substring(rq + 1), keys)) {
            return null;
          }
        } else {
          keys.add("I|" + target);
        }
      }
    }
    return keys;
  }

  /**
   * Adds a key per identifier value of a search condition ({@code identifier=system|value}, values
   * OR-ed with commas); false when the condition uses anything but {@code identifier}.
   */
  private static boolean criteriaKeys(String type, String query, Set<String> keys) {
    for (String param : query.split("&")) {
      int eq = param.indexOf('=');
      if (eq < 0 || !"identifier".equals(param.substring(0, eq))) {
        return false;
      }
      String raw = param.substring(eq + 1);
      // every plausible reading of the value is a key: a missed key could merge two messages
      // about the same thing, an extra one only stores a message alone
      for (String values :
          List.of(
              raw,
              URLDecoder.decode(raw, StandardCharsets.UTF_8),
              URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8))) {
        for (String value : values.split(",")) {
          int bar = value.indexOf('|');
          keys.add("K|" + type + "|" + (bar < 0 ? value : value.substring(bar + 1)));
        }
      }
    }
    return true;
  }

  @Override
  public String handle(String er7) {
    Hl7v2Result r;
    long started = System.nanoTime();
    try {
      r = processor.process(er7);
      time("convert", started);
    } catch (RuntimeException e) {
      log.error("HL7 v2 processing failed unexpectedly: {}", e.getClass().getSimpleName());
      count("unknown", "error");
      return processor.ackFor(er7, ErrorCodes.INFRASTRUCTURE_UNAVAILABLE, "internal error");
    }
    String type = r.messageType() == null ? "unknown" : r.messageType().id();
    if (r.status() != Hl7v2Status.ACCEPTED) {
      log.info(
          "HL7 v2 controlId={} type={} answered {} ({})",
          safe(r.controlId()),
          type,
          r.ackCode(),
          r.errors().isEmpty() ? "" : r.errors().get(0).code().code());
      count(type, r.ackCode().name());
      return recorded(r, type, r.ackCode().name(), r.ack());
    }
    try {
      var stored = messageLog.find(r.sendingFacility(), r.controlId());
      if (stored.isPresent()) {
        count(type, "duplicate");
        log.info("HL7 v2 controlId={} type={} is a resend: stored ACK", safe(r.controlId()), type);
        return stored.get();
      }
      SystemRequestDetails request = new SystemRequestDetails();
      long validating = System.nanoTime();
      validateBeforeCommit.accept(request, r.bundle());
      time("validate", validating);
      long storing = System.nanoTime();
      String ack = committer.store(new Ready(r, request));
      time("store", storing);
      count(type, r.ackCode().name());
      return ack;
    } catch (DuplicateKeyException e) {
      count(type, "duplicate");
      return messageLog
          .find(r.sendingFacility(), r.controlId())
          .orElseGet(
              () ->
                  processor.ackFor(
                      r, ErrorCodes.INFRASTRUCTURE_UNAVAILABLE, "concurrent resend, retry"));
    } catch (BaseServerResponseException e) {
      int status = e.getStatusCode();
      String code =
          status == 404
              ? ErrorCodes.UNKNOWN_KEY
              : status >= 500 ? ErrorCodes.INFRASTRUCTURE_UNAVAILABLE : ErrorCodes.FHIR_INVALID;
      log.info(
          "HL7 v2 controlId={} type={} refused by the store: HTTP {} ({})",
          safe(r.controlId()),
          type,
          status,
          code);
      String ack =
          processor.ackFor(r, code, "the store refused the resources (HTTP " + status + ")");
      boolean retry = ack.contains("|AR|") || ack.contains("|CR|");
      count(type, retry ? "AR" : "AE");
      return retry ? ack : recorded(r, type, "AE", ack);
    } catch (DataAccessException | TransactionException e) {
      log.warn(
          "HL7 v2 controlId={} type={} not stored ({}); answered AR",
          safe(r.controlId()),
          type,
          e.getClass().getSimpleName());
      count(type, "AR");
      return processor.ackFor(r, ErrorCodes.INFRASTRUCTURE_UNAVAILABLE, "storage unavailable");
    } catch (RuntimeException e) {
      log.error(
          "HL7 v2 controlId={} type={} failed: {}",
          safe(r.controlId()),
          type,
          e.getClass().getSimpleName());
      count(type, "AR");
      return processor.ackFor(r, ErrorCodes.INFRASTRUCTURE_UNAVAILABLE, "internal error");
    }
  }

  /**
   * The record of a stored message: the resources its entries stored (the transaction response's
   * locations, in entry order) and the patients among them.
   */
  private static Hl7v2Auditor.Receipt stored(
      Hl7v2Result r, List<Bundle.BundleEntryComponent> responses) {
    List<String> resources = new ArrayList<>();
    Set<String> patients = new java.util.LinkedHashSet<>();
    for (Bundle.BundleEntryComponent e : responses) {
      String location = e.getResponse().getLocation();
      if (location == null || location.isBlank()) {
        continue;
      }
      IdType id = new IdType(location);
      resources.add(id.toUnqualified().getValue());
      if ("Patient".equals(id.getResourceType()) && id.hasIdPart()) {
        patients.add("Patient/" + id.getIdPart());
      }
    }
    return receipt(r, r.ackCode().name(), true, resources, List.copyOf(patients));
  }

  private static Hl7v2Auditor.Receipt receipt(
      Hl7v2Result r,
      String ackCode,
      boolean stored,
      List<String> resources,
      List<String> patients) {
    return new Hl7v2Auditor.Receipt(
        r.sendingFacility() + "|" + r.controlId(),
        r.messageType() == null ? "unknown" : r.messageType().id(),
        r.controlId(),
        r.sendingFacility(),
        ackCode,
        stored,
        resources,
        patients);
  }

  /**
   * A message answered without storing anything (a final AE, or AR from the translation): its
   * access-log record before the answer; if that cannot be written, AR (the sender resends).
   */
  private String recorded(Hl7v2Result r, String type, String ackCode, String ack) {
    try {
      auditor.received(receipt(r, ackCode, false, List.of(), List.of()));
      return ack;
    } catch (RuntimeException e) {
      log.warn(
          "HL7 v2 controlId={} type={} not recorded in the access log: AR",
          safe(r.controlId()),
          type);
      return processor.ackFor(r, ErrorCodes.INFRASTRUCTURE_UNAVAILABLE, "access log unavailable");
    }
  }

  /** Where the time of a message goes: convert, validate (before the commit), store (commit). */
  private void time(String stage, long startNanos) {
    if (meters != null) {
      meters
          .timer(STAGE_METRIC, "channel", "mllp", "stage", stage)
          .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void count(String type, String outcome) {
    if (meters != null) {
      meters.counter(METRIC, "channel", "mllp", "type", type, "outcome", outcome).increment();
    }
  }

  /** Control ids are sender-chosen: only a safe, short form goes to the log. */
  private static String safe(String s) {
    String t = s == null ? "" : s.replaceAll("[^0-9A-Za-z._-]", "");
    return t.length() > 40 ? t.substring(0, 40) : t;
  }
}
