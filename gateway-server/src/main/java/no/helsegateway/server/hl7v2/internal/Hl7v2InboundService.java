package no.helsegateway.server.hl7v2.internal;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.mappings.hl7v2.Hl7v2Processor;
import no.helsegateway.mappings.hl7v2.Hl7v2Result;
import no.helsegateway.mappings.hl7v2.Hl7v2Status;
import no.helsegateway.routes.hl7v2.Hl7v2MessageHandler;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
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

  private final Hl7v2Processor processor;
  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final JdbcHl7v2MessageLog messageLog;
  private final TransactionTemplate tx;
  private final MeterRegistry meters;
  private final BiConsumer<RequestDetails, Bundle> validateBeforeCommit;

  /**
   * @param validateBeforeCommit the profile validation of the transaction, run BEFORE the database
   *     transaction opens (the validator's CPU work then holds no connection and no locks); it
   *     marks the request validated so the transaction does not validate again, and throws a
   *     422-type exception when an enforced profile is violated
   */
  public Hl7v2InboundService(
      Hl7v2Processor processor,
      IFhirSystemDao<Bundle, Meta> systemDao,
      JdbcHl7v2MessageLog messageLog,
      TransactionTemplate tx,
      MeterRegistry meters,
      BiConsumer<RequestDetails, Bundle> validateBeforeCommit) {
    this.processor = processor;
    this.systemDao = systemDao;
    this.messageLog = messageLog;
    this.tx = tx;
    this.meters = meters;
    this.validateBeforeCommit = validateBeforeCommit;
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
      return r.ack();
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
      String ack =
          tx.execute(
              status -> {
                // The key first: a concurrent resend waits on it and then fails, instead of both
                // writing resources.
                messageLog.insert(
                    r.sendingFacility(),
                    r.controlId(),
                    r.header().event(),
                    r.ackCode().name(),
                    r.ack());
                systemDao.transactionNested(request, r.bundle());
                return r.ack();
              });
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
      count(type, ack.contains("|AR|") || ack.contains("|CR|") ? "AR" : "AE");
      return ack;
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
