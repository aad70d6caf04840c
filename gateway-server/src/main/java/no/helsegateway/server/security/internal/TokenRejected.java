package no.helsegateway.server.security.internal;

/**
 * A token or DPoP proof failed a check. The {@link #reason()} is a short code for the metric {@code
 * gateway_security_token_rejections_total{reason}} and DEBUG logs; it never reaches the client,
 * which always sees the same text.
 */
public final class TokenRejected extends Exception {

  private final String reason;

  public TokenRejected(String reason) {
    super(reason, null, false, false);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
