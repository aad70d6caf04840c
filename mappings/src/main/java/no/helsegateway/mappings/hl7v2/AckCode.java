package no.helsegateway.mappings.hl7v2;

/**
 * MSA-1 acknowledgement codes (HL7 table 0008). Original mode: AA/AE/AR. Enhanced mode (MSH-15
 * set): the accept acknowledgement CA/CE/CR, meaning "committed to safe storage" / error / reject.
 */
public enum AckCode {
  AA,
  AE,
  AR,
  CA,
  CE,
  CR;

  /** Whether this code tells the sender the message was accepted. */
  public boolean positive() {
    return this == AA || this == CA;
  }

  /** The code for the given outcome and acknowledgement mode. */
  public static AckCode of(Hl7v2Status status, boolean enhancedMode) {
    return switch (status) {
      case ACCEPTED -> enhancedMode ? CA : AA;
      case ERROR -> enhancedMode ? CE : AE;
      case REJECTED -> enhancedMode ? CR : AR;
    };
  }
}
