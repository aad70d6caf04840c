package no.helsegateway.server;

import java.util.LinkedHashMap;
import java.util.Map;
import no.helsegateway.server.security.dev.LocalTokenIssuer;

/**
 * Access tokens for the integration tests, minted by the context's {@link LocalTokenIssuer}. The
 * default is a system client of one synthetic organisation with every FHIR scope and the operations
 * scope, so that what a test writes it can read back (authorisation checks the organisation).
 */
public final class TestTokens {

  /** The test organisation (a synthetic orgnr with a valid mod-11 control digit). */
  public static final String ORGNR = "999999999";

  /**
   * A registry-like organisation (synthetic orgnr, valid mod-11) whose system clients the test
   * context lets read every patient.
   */
  public static final String READER_ORGNR = "998888018";

  /**
   * A synthetic organisation number (valid check digit) that the test context's HER-id register
   * ({@code gateway.security.her-organisations}) gives to HER-id 94866, the sending department of
   * the Epikrise 1.2 example.
   */
  public static final String HER_ORGNR = "923000011";

  /** The scopes of {@link #system(LocalTokenIssuer)}. */
  public static final String SYSTEM_SCOPES = "system/*.cruds gateway/operations";

  public static final String CLIENT_ID = "helsegateway-it";

  private TestTokens() {}

  /** The claims of the default system token; copy and change them for other tokens. */
  public static Map<String, Object> systemClaims() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("sub", CLIENT_ID);
    c.put("client_id", CLIENT_ID);
    c.put("scope", SYSTEM_SCOPES);
    c.put("helseid://claims/client/claims/orgnr_parent", ORGNR);
    return c;
  }

  /** A system token of {@link #ORGNR} with {@link #SYSTEM_SCOPES}. */
  public static String system(LocalTokenIssuer issuer) {
    return issuer.mint(systemClaims());
  }

  /** {@code Bearer <system token>}: the value of an Authorization header. */
  public static String bearer(LocalTokenIssuer issuer) {
    return "Bearer " + system(issuer);
  }

  /** A token with the default claims overridden or extended by {@code claims}. */
  public static String with(LocalTokenIssuer issuer, Map<String, Object> claims) {
    Map<String, Object> c = systemClaims();
    c.putAll(claims);
    return issuer.mint(c);
  }
}
