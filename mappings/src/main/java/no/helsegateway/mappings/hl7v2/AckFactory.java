package no.helsegateway.mappings.hl7v2;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * THE one HL7 v2 acknowledgement factory of the gateway: every ACK (accepted, error, reject,
 * original or enhanced mode, from the library or from a channel after its commit) is built here.
 *
 * <ul>
 *   <li>MSH: sender and receiver swapped, {@code ACK^<event>^ACK} (no structure part for 2.3),
 *       MSH-10 {@code ACK<control id>}, MSH-11 and MSH-12 echoed;
 *   <li>MSA: MSA-1 the code, MSA-2 the original MSH-10, MSA-3 a short text;
 *   <li>one ERR per error: from v2.5 on ERR-2 location, ERR-3 {@code code^text^HL70357}, ERR-4
 *       severity {@code E}, ERR-7 the detail and ERR-8 the sender text; before v2.5 ERR-1 (ELD)
 *       {@code segment^^field^code&text&HL70357}.
 * </ul>
 *
 * Values copied from the original are re-escaped, so an ACK always uses {@code |^~\&}. No message
 * content except the header routing fields is echoed.
 */
public final class AckFactory {

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
  private static final String DEFAULT_VERSION = "2.5.1";

  private final Clock clock;

  public AckFactory(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /** Builds the ACK for a message with this header. */
  public String ack(MessageHeader h, AckCode code, List<Hl7v2Error> errors) {
    String version = h.version().isEmpty() ? DEFAULT_VERSION : h.version();
    boolean v25 = !(version.startsWith("2.3") || version.startsWith("2.4"));
    StringBuilder b = new StringBuilder(256);
    b.append("MSH|^~\\&|")
        .append(raw(h.receivingApplication()))
        .append('|')
        .append(raw(h.receivingFacility()))
        .append('|')
        .append(raw(h.sendingApplication()))
        .append('|')
        .append(raw(h.sendingFacility()))
        .append('|')
        .append(ZonedDateTime.now(clock).format(TS))
        .append("||ACK");
    if (!h.triggerEvent().isEmpty()) {
      b.append('^').append(raw(h.triggerEvent()));
      if (!version.equals("2.3")) {
        b.append("^ACK");
      }
    }
    b.append('|')
        .append(raw(cut("ACK" + h.controlId(), 199)))
        .append('|')
        .append(h.processingId().isEmpty() ? "P" : raw(h.processingId()))
        .append('|')
        .append(raw(version))
        .append('\r');
    b.append("MSA|").append(code.name()).append('|').append(raw(h.controlId()));
    String text = msaText(code, errors);
    if (!text.isEmpty()) {
      b.append('|').append(escape(cut(text, 80)));
    }
    b.append('\r');
    for (Hl7v2Error e : errors) {
      String[] loc = location(e.location());
      if (v25) {
        b.append("ERR||");
        if (loc[0] != null) {
          b.append(loc[0]).append("^1");
          if (loc[1] != null) {
            b.append('^').append(loc[1]);
          }
        }
        b.append('|')
            .append(escape(e.hl7ErrorCode()))
            .append('^')
            .append(escape(e.hl7ErrorText()))
            .append("^HL70357|E|||")
            .append(escape(cut(Objects.toString(e.detail(), ""), 200)))
            .append('|')
            .append(escape(e.code().senderText()))
            .append('\r');
      } else {
        b.append("ERR|")
            .append(loc[0] == null ? "" : loc[0])
            .append("^^")
            .append(loc[1] == null ? "" : loc[1])
            .append('^')
            .append(escape(e.hl7ErrorCode()))
            .append('&')
            .append(escape(e.hl7ErrorText()).replace("&", "\\T\\"))
            .append("&HL70357\r");
      }
    }
    return b.toString();
  }

  private static String msaText(AckCode code, List<Hl7v2Error> errors) {
    if (errors.isEmpty()) {
      return "";
    }
    return errors.get(0).code().userText();
  }

  /** "PID-3" to {"PID", "3"}; anything else to nulls. */
  private static String[] location(String loc) {
    if (loc == null || !loc.matches("[A-Z][A-Z0-9]{2}(-\\d{1,3})?")) {
      return new String[] {null, null};
    }
    int i = loc.indexOf('-');
    return i < 0
        ? new String[] {loc, null}
        : new String[] {loc.substring(0, i), loc.substring(i + 1)};
  }

  /**
   * A header field copied from the original: {@code HeaderReader} already rewrote it to the default
   * delimiters, so only what would break the segment is dropped.
   */
  private static String raw(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    return s.replace("|", "").replace('\r', ' ').replace('\n', ' ');
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  /** ER7 escaping with the default delimiters; CR/LF become spaces. */
  static String escape(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\E\\");
        case '|' -> b.append("\\F\\");
        case '^' -> b.append("\\S\\");
        case '&' -> b.append("\\T\\");
        case '~' -> b.append("\\R\\");
        case '\r', '\n' -> b.append(' ');
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
