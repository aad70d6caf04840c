package no.helsegateway.server.security;

import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as established from a validated access token. Built by the authentication filter,
 * stored as a request attribute ({@link Principals}), read by authorisation and audit.
 *
 * @param subject {@code sub}
 * @param clientId {@code client_id}
 * @param scopes the granted scopes, as in {@code scope} (SMART v2 {@code patient/*.rs}, {@code
 *     user/Observation.cruds}, {@code system/*.rs}, v1 {@code .read/.write/.*}, and gateway
 *     operation scopes such as {@code gateway/operations})
 * @param pid {@code helseid://claims/identity/pid}: the person's national identifier (for a patient
 *     token: the patient; for a user token: the health worker), null for a system client
 * @param hprNumber {@code helseid://claims/hpr/hpr_number}, null if absent
 * @param name the person's name ({@code name}), for audit only; null if absent
 * @param securityLevel {@code helseid://claims/identity/security_level}, 0 if absent
 * @param orgnrParent {@code helseid://claims/client/claims/orgnr_parent} (legal entity)
 * @param orgnrChild {@code helseid://claims/client/claims/orgnr_child} (point of care), may be null
 * @param attestation the care-relationship attestation, null if absent
 * @param dpopJkt the JWK thumbprint the token is bound to ({@code cnf.jkt}), null for a bearer
 *     token
 */
public record GatewayPrincipal(
    String subject,
    String clientId,
    Set<String> scopes,
    String pid,
    String hprNumber,
    String name,
    int securityLevel,
    String orgnrParent,
    String orgnrChild,
    Attestation attestation,
    String dpopJkt) {

  public GatewayPrincipal {
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }

  /** The organisation the client acts for: the point of care if given, else the legal entity. */
  public String actingOrgnr() {
    return orgnrChild != null ? orgnrChild : orgnrParent;
  }

  public Optional<Attestation> attestationIfPresent() {
    return Optional.ofNullable(attestation);
  }
}
