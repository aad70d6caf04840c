package no.helsegateway.mappings.emessage;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Everything the pipeline needs after one message: what it was, who sent it, the outcome, the
 * transaction Bundle (when accepted or partial), the AppRec to return and the errors. Nothing is
 * stored by the processor.
 *
 * @param messageType detected type, {@code null} when not recognised
 * @param envelope envelope metadata (never {@code null}; fields may be)
 * @param status outcome
 * @param bundle FHIR transaction Bundle when {@link ProcessingStatus#ACCEPTED} or {@link
 *     ProcessingStatus#PARTIAL}, else {@code null}
 * @param appRecXml the AppRec to return to the sender (primary receiver), {@code null} when the
 *     message is itself a receipt
 * @param errors errors (empty when accepted)
 * @param warnings non-fatal notes (e.g. an identifier that could not be used), no patient data
 */
public record ProcessingResult(
    MessageType messageType,
    EnvelopeMetadata envelope,
    ProcessingStatus status,
    Bundle bundle,
    String appRecXml,
    List<ProcessingError> errors,
    List<String> warnings) {

  public ProcessingResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Returns a copy with another AppRec. */
  ProcessingResult withAppRec(String xml) {
    return new ProcessingResult(messageType, envelope, status, bundle, xml, errors, warnings);
  }
}
