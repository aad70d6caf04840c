package no.helsegateway.server.security.authz;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.helsegateway.server.security.GatewayPrincipal;
import no.helsegateway.server.security.Principals;
import no.helsegateway.server.security.authz.internal.SenderOrganisation;

/**
 * Who may send an e-message ({@code POST /emessages}): a token in the system or user context with
 * create on every type ({@code system/*.c} or {@code user/*.c}, since a message may write any
 * resource), whose organisation ({@code orgnr_parent} or {@code orgnr_child}) is the message's
 * sender organisation (MsgHead {@code MsgInfo/Sender/Organisation/Ident} of type ENH). Checked
 * before receipt. A sender named by HER-id only (no ENH identifier anywhere in the sender) is
 * looked up in {@code gateway.security.her-organisations} (HER-id to organisation number); a HER-id
 * not listed there names no organisation, so the message is refused. When the sender names an
 * organisation number, that is what counts and its HER-ids are not consulted (a HER-id cannot widen
 * what an explicit organisation number says). A refused message is not received, so nothing is
 * stored or logged for it, as with an oversized body. A body that is not XML at all passes to the
 * pipeline, which rejects it with an AppRec and stores nothing (so the sender still gets its
 * receipt). Without a principal (security off) everything passes.
 */
public final class EMessageAuthorization {

  /** A refusal: HTTP status and a text for the client. */
  public record Denial(int status, String message) {}

  static final String NO_SCOPE = "The access token does not permit sending e-messages";
  static final String NOT_SENDER =
      "The message's sender organisation is not the organisation of the access token";

  private final Map<String, String> herOrganisations;

  /** Without a HER-id register: senders must name their organisation number. */
  public EMessageAuthorization() {
    this(Map.of());
  }

  /**
   * @param herOrganisations HER-id to organisation number of known senders ({@code
   *     gateway.security.her-organisations})
   */
  public EMessageAuthorization(Map<String, String> herOrganisations) {
    this.herOrganisations = Map.copyOf(herOrganisations);
  }

  /**
   * The sender's organisation numbers: the ENH identifiers, or when there are none, the
   * organisation numbers of its HER-ids in the register. Null when the message is not XML.
   */
  public Set<String> senderOrgnrs(byte[] message) {
    SenderOrganisation.Ids ids = SenderOrganisation.ids(message);
    if (ids == null) {
      return null;
    }
    if (!ids.orgnrs().isEmpty()) {
      return ids.orgnrs();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String her : ids.herIds()) {
      String orgnr = herOrganisations.get(her);
      if (orgnr != null) {
        out.add(orgnr);
      }
    }
    return out;
  }

  /** Null when the request may send this message, else the refusal. */
  public Denial check(HttpServletRequest request, byte[] message) {
    Optional<GatewayPrincipal> principal = Principals.of(request);
    if (principal.isEmpty()) {
      return null;
    }
    GatewayPrincipal p = principal.get();
    SmartScopes scopes = SmartScopes.parse(p.scopes());
    SmartScopes.Context context = scopes.context().orElse(null);
    String purpose = p.attestation() == null ? null : p.attestation().purposeOfUse();
    AccessDecision decision =
        new AccessDecision(
            context == null ? "none" : context.name().toLowerCase(java.util.Locale.ROOT),
            false,
            purpose,
            false,
            null,
            null);
    if ((context != SmartScopes.Context.SYSTEM && context != SmartScopes.Context.USER)
        || !scopes.allows(SmartScopes.Permission.CREATE, SmartScopes.ANY_TYPE)) {
      AccessDecision.put(request, decision.deny(AccessDecision.DENIED_SCOPE));
      return new Denial(403, NO_SCOPE);
    }
    Set<String> senders = senderOrgnrs(message);
    if (senders == null) {
      AccessDecision.put(request, decision);
      return null;
    }
    boolean own =
        (p.orgnrParent() != null && senders.contains(p.orgnrParent()))
            || (p.orgnrChild() != null && senders.contains(p.orgnrChild()));
    if (!own) {
      AccessDecision.put(request, decision.deny(AccessDecision.DENIED_ORGANISATION));
      return new Denial(403, NOT_SENDER);
    }
    AccessDecision.put(request, decision);
    return null;
  }
}
