package no.helsegateway.routes.emessage;

import java.util.List;
import java.util.Optional;
import no.helsegateway.mappings.emessage.EMessageProcessor;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.ProcessingError;
import no.helsegateway.mappings.emessage.ProcessingResult;
import no.helsegateway.mappings.emessage.ProcessingStatus;
import no.helsegateway.mappings.error.ErrorCodes;
import org.hl7.fhir.r4.model.Bundle;

/**
 * The state machine of one received message (see {@link MessageState}): detect, validate and
 * translate (in {@code mappings}), then in ONE transaction claim the de-duplication key, commit the
 * Bundle to the FHIR store and write the final state with the AppRec. A crash anywhere leaves
 * either nothing or everything; a redelivery then finds the final state (or the de-duplication row)
 * and creates nothing. Business rejections are results, never exceptions; every exception that
 * leaves {@link #handle} is an infrastructure fault for the error policy to retry.
 */
public final class EMessagePipeline {

  private static final System.Logger LOG = System.getLogger(EMessagePipeline.class.getName());

  private final EMessageProcessor processor;
  private final MessageLog log;
  private final FhirStore store;
  private final Transactions tx;
  private final PipelineListener listener;
  private final MessageAuditor auditor;

  public EMessagePipeline(
      EMessageProcessor processor,
      MessageLog log,
      FhirStore store,
      Transactions tx,
      PipelineListener listener) {
    this(processor, log, store, tx, listener, MessageAuditor.NONE);
  }

  /**
   * @param auditor told of every final state this pipeline writes, inside its transaction
   */
  public EMessagePipeline(
      EMessageProcessor processor,
      MessageLog log,
      FhirStore store,
      Transactions tx,
      PipelineListener listener,
      MessageAuditor auditor) {
    this.processor = processor;
    this.log = log;
    this.store = store;
    this.tx = tx;
    this.listener = listener == null ? PipelineListener.NONE : listener;
    this.auditor = auditor == null ? MessageAuditor.NONE : auditor;
  }

  /**
   * Brings the message to a final state (or finds it there) and returns its log row; empty when the
   * tracking id is unknown or the message sits in the dead-letter store.
   */
  public Optional<LoggedMessage> handle(String trackingId) {
    Optional<LoggedMessage> current = log.find(trackingId);
    if (current.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "No message log row for trackingId={0}", trackingId);
      return Optional.empty();
    }
    if (current.get().isFinal()) {
      return current;
    }
    if (current.get().state() == MessageState.DEAD_LETTER) {
      return Optional.empty();
    }
    ProcessingResult result = processor.process(log.raw(trackingId));
    LoggedMessage done;
    try {
      done = tx.inTransaction(() -> complete(trackingId, result));
    } catch (StoreRefusedException refused) {
      LOG.log(
          System.Logger.Level.WARNING,
          "FHIR store refused trackingId={0} msgId={1}: {2}",
          trackingId,
          result.envelope().messageId(),
          refused.getMessage());
      done = tx.inTransaction(() -> completeRefused(trackingId, result, refused.getMessage()));
    }
    if (done != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "e-message trackingId={0} msgId={1} state={2} outcome={3}",
          trackingId,
          done.messageId(),
          done.state(),
          done.outcome());
      listener.completed(done);
    }
    return Optional.ofNullable(done);
  }

  private LoggedMessage complete(String trackingId, ProcessingResult result) {
    LoggedMessage row = log.find(trackingId).orElseThrow();
    if (row.isFinal()) {
      return row;
    }
    String sender = result.envelope().senderHerId();
    String messageId = result.envelope().messageId();
    String type = result.messageType() == null ? null : result.messageType().id();
    if (sender != null && messageId != null) {
      String holder = log.claimDedupe(sender, messageId, trackingId);
      if (!holder.equals(trackingId)) {
        LoggedMessage first = log.find(holder).orElseThrow();
        return finish(
            trackingId,
            result,
            new FinalRecord(
                MessageState.DUPLICATE,
                MessageOutcome.DUPLICATE,
                sender,
                messageId,
                type,
                first.errorCodes(),
                first.appRecXml()));
      }
    }
    List<String> codes = codes(result.errors());
    if (result.status() == ProcessingStatus.REJECTED) {
      return finish(
          trackingId,
          result,
          new FinalRecord(
              MessageState.REJECTED,
              MessageOutcome.REJECTED,
              sender,
              messageId,
              type,
              codes,
              result.appRecXml()));
    }
    if (result.messageType() != null && result.messageType().isReceipt()) {
      return finish(
          trackingId,
          result,
          new FinalRecord(
              MessageState.STORED, MessageOutcome.RECEIPT, sender, messageId, type, codes, null));
    }
    Bundle bundle = result.bundle();
    if (result.status() == ProcessingStatus.PARTIAL) {
      bundle = PartialBundles.withoutFailedEntries(bundle, result.errors());
    }
    if (bundle != null && !bundle.getEntry().isEmpty()) {
      store.commit(trackingId, bundle, result.envelope());
    }
    return finish(
        trackingId,
        result,
        new FinalRecord(
            MessageState.STORED,
            result.status() == ProcessingStatus.PARTIAL
                ? MessageOutcome.PARTIAL
                : MessageOutcome.ACCEPTED,
            sender,
            messageId,
            type,
            codes,
            result.appRecXml()));
  }

  /** The store refused the content for good: REJECTED with the internal code, nothing stored. */
  private LoggedMessage completeRefused(String trackingId, ProcessingResult result, String detail) {
    LoggedMessage row = log.find(trackingId).orElseThrow();
    if (row.isFinal()) {
      return row;
    }
    String sender = result.envelope().senderHerId();
    String messageId = result.envelope().messageId();
    if (sender != null && messageId != null) {
      String holder = log.claimDedupe(sender, messageId, trackingId);
      if (!holder.equals(trackingId)) {
        return complete(trackingId, result);
      }
    }
    String appRec = processor.appRecFor(result, ErrorCodes.TRANSLATION_FAILED, detail);
    return finish(
        trackingId,
        result,
        new FinalRecord(
            MessageState.REJECTED,
            MessageOutcome.REJECTED,
            sender,
            messageId,
            result.messageType() == null ? null : result.messageType().id(),
            List.of(ErrorCodes.TRANSLATION_FAILED),
            appRec));
  }

  private LoggedMessage finish(String trackingId, ProcessingResult result, FinalRecord record) {
    boolean ours = log.finish(trackingId, record);
    // Either ours or a concurrent consumer's final state: both are the one answer.
    LoggedMessage row = log.find(trackingId).orElseThrow();
    if (ours) {
      auditor.finalState(
          row, result.envelope() == null ? EnvelopeMetadata.empty() : result.envelope());
    }
    return row;
  }

  static List<String> codes(List<ProcessingError> errors) {
    return errors.stream().map(e -> e.code().code()).distinct().toList();
  }
}
