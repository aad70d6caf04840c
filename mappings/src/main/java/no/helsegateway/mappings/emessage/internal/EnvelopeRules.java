package no.helsegateway.mappings.emessage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.MessageType;
import no.helsegateway.mappings.emessage.PatientIdentifier;
import no.helsegateway.mappings.emessage.ProcessingError;
import no.helsegateway.mappings.error.ErrorCodes;

/**
 * Business rules on the envelope, checked after schema validation and before translation: message
 * id is a UUID (E10); the patient has a national identifier (E30) and a fødselsnummer/D-nummer has
 * valid check digits and date (E31). Receipts have no patient and are only checked for their id.
 */
public final class EnvelopeRules {
  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  private static final Set<String> CHECKED_TYPES = Set.of("FNR", "DNR");

  private EnvelopeRules() {}

  public static List<ProcessingError> check(MessageType type, EnvelopeMetadata env) {
    List<ProcessingError> errors = new ArrayList<>();
    if (env.messageId() == null || !UUID.matcher(env.messageId()).matches()) {
      errors.add(
          new ProcessingError(
              ErrorCodes.get(ErrorCodes.INVALID_MESSAGE_ID), "MsgId", "not a UUID"));
    }
    if (type.isReceipt()) {
      return errors;
    }
    PatientIdentifier p = env.patient();
    if (p == null || p.value() == null || p.value().isBlank()) {
      errors.add(
          new ProcessingError(
              ErrorCodes.get(ErrorCodes.PATIENT_ID_MISSING), "Patient/OffId", "missing"));
    } else if (p.type() == null || p.system() == null) {
      errors.add(
          new ProcessingError(
              ErrorCodes.get(ErrorCodes.PATIENT_ID_INVALID),
              "Patient/TypeOffId",
              "unknown identifier type"));
    } else if (CHECKED_TYPES.contains(p.type())
        && !NorwegianIdentifiers.isValidPersonNumber(p.value())) {
      errors.add(
          new ProcessingError(
              ErrorCodes.get(ErrorCodes.PATIENT_ID_INVALID),
              "Patient/OffId",
              p.type() + " fails check digits or date"));
    }
    return errors;
  }
}
