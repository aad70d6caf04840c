package no.helsegateway.mappings.emessage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import no.helsegateway.mappings.emessage.EnvelopeMetadata;
import no.helsegateway.mappings.emessage.MessageType;
import no.helsegateway.mappings.emessage.Party;
import no.helsegateway.mappings.emessage.PartyId;
import no.helsegateway.mappings.emessage.PatientIdentifier;
import no.helsegateway.mappings.emessage.ProcessingError;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.profiles.identifiers.IdentifierCheckResult;
import no.helsegateway.profiles.identifiers.IdentifierKind;
import no.helsegateway.profiles.identifiers.NorwegianIdentifiers;

/**
 * Business rules on the envelope, checked after schema validation and before translation: message
 * id is a UUID (E10); the patient has a national identifier (E30) that passes the profiles module's
 * check for its kind (fødselsnummer, D-nummer incl. the 2032 rule, FH-nummer, H-nummer; E31); the
 * sender (E20) and the receiver (E21) are present and their HER-id, organisation number or
 * HPR-number is valid. Receipts have no patient and are only checked for their id. Identifier
 * arithmetic lives ONLY in {@code no.helsegateway.profiles.identifiers}.
 */
public final class EnvelopeRules {
  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  /** KITH person id types (kodeverk 8116) whose value has a check rule. */
  private static final Map<String, IdentifierKind> PERSON_KINDS =
      Map.of(
          "FNR", IdentifierKind.FODSELSNUMMER,
          "DNR", IdentifierKind.D_NUMMER,
          "FHN", IdentifierKind.FH_NUMMER,
          "HNR", IdentifierKind.H_NUMMER);

  /** KITH party id types (9051 / 8116) whose value has a check rule. */
  private static final Map<String, IdentifierKind> PARTY_KINDS =
      Map.of(
          "HER", IdentifierKind.HER_ID,
          "ENH", IdentifierKind.ORGANISASJONSNUMMER,
          "HPR", IdentifierKind.HPR_NUMMER);

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
    } else if (PERSON_KINDS.containsKey(p.type())
        && !NorwegianIdentifiers.check(PERSON_KINDS.get(p.type()), p.value()).valid()) {
      errors.add(
          new ProcessingError(
              ErrorCodes.get(ErrorCodes.PATIENT_ID_INVALID),
              "Patient/OffId",
              p.type() + " fails check digits or date"));
    }
    party(env.sender(), ErrorCodes.SENDER_INVALID, "Sender", errors);
    party(env.receiver(), ErrorCodes.RECEIVER_INVALID, "Receiver", errors);
    return errors;
  }

  /**
   * A party must exist and have at least one identifier; when it has identifiers of a checkable
   * kind, at least one of them must pass (official examples carry e.g. a non-numeric HER-id next to
   * a valid organisation number: the party is still identified).
   */
  private static void party(Party party, String code, String where, List<ProcessingError> out) {
    List<PartyId> ids = party == null ? List.of() : allIds(party);
    if (ids.isEmpty()) {
      out.add(new ProcessingError(ErrorCodes.get(code), where, "missing or without identifier"));
      return;
    }
    int checked = 0;
    for (PartyId id : ids) {
      IdentifierKind kind = id.type() == null ? null : PARTY_KINDS.get(id.type());
      if (kind == null) {
        continue;
      }
      checked++;
      IdentifierCheckResult r = NorwegianIdentifiers.check(kind, id.id());
      if (r.valid()) {
        return;
      }
    }
    if (checked > 0) {
      out.add(new ProcessingError(ErrorCodes.get(code), where, "no valid identifier"));
    }
  }

  private static List<PartyId> allIds(Party p) {
    List<PartyId> ids = new ArrayList<>(p.ids());
    for (Party d : p.departments()) {
      ids.addAll(allIds(d));
    }
    for (Party d : p.persons()) {
      ids.addAll(d.ids());
    }
    ids.removeIf(i -> i.id() == null || i.id().isBlank());
    return ids;
  }
}
