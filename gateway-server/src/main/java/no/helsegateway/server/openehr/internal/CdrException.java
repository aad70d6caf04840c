package no.helsegateway.server.openehr.internal;

/**
 * A failed call to the CDR. Transient ones are retried with back-off, permanent ones go to the dead
 * letter.
 */
public class CdrException extends RuntimeException {

  private final int status;
  private final boolean permanent;

  public CdrException(String message, int status, boolean permanent) {
    super(message);
    this.status = status;
    this.permanent = permanent;
  }

  public CdrException(String message, Throwable cause) {
    super(message + ": " + cause.getClass().getSimpleName(), cause);
    this.status = 0;
    this.permanent = false;
  }

  /** HTTP status, 0 when there was no response. */
  public int status() {
    return status;
  }

  public boolean permanent() {
    return permanent;
  }
}
