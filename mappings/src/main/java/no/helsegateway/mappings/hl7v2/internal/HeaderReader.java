package no.helsegateway.mappings.hl7v2.internal;

import java.util.Set;
import no.helsegateway.mappings.error.ErrorCodes;
import no.helsegateway.mappings.hl7v2.MessageHeader;

/**
 * Reads and checks the MSH segment by hand, before the full parse: the message must start with
 * {@code MSH}, carry four distinct, non-alphanumeric encoding characters that differ from the field
 * separator, and name its type (MSH-9), control id (MSH-10) and a supported version (MSH-12). The
 * values are rewritten to the default delimiters {@code |^~\&} so that the ACK can echo them.
 */
public final class HeaderReader {

  private final Set<String> versions;

  public HeaderReader(Set<String> versions) {
    this.versions = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(versions));
  }

  /** The best header that can be read, also from a message that is rejected later. */
  public MessageHeader lenient(String er7) {
    try {
      return read(er7, false);
    } catch (Rejection e) {
      return MessageHeader.unknown();
    }
  }

  /** Reads and checks the header. */
  public MessageHeader read(String er7) throws Rejection {
    return read(er7, true);
  }

  private MessageHeader read(String er7, boolean strict) throws Rejection {
    if (er7 == null || !er7.startsWith("MSH") || er7.length() < 8) {
      throw new Rejection(ErrorCodes.HL7V2_MALFORMED, "MSH", "the message does not start with MSH");
    }
    char field = er7.charAt(3);
    int end = er7.indexOf('\r');
    String msh = end < 0 ? er7 : er7.substring(0, end);
    int encEnd = msh.indexOf(field, 4);
    String enc = encEnd < 0 ? msh.substring(4) : msh.substring(4, encEnd);
    if (!validEncoding(field, enc)) {
      throw new Rejection(
          ErrorCodes.HL7V2_MALFORMED,
          "MSH-2",
          "the encoding characters (MSH-1, MSH-2) are invalid");
    }
    String[] f = msh.split(java.util.regex.Pattern.quote(String.valueOf(field)), -1);
    Delimiters d = new Delimiters(enc);
    String type = get(f, 9, d);
    String[] typeParts = type.split("\\^", -1);
    String version = first(get(f, 12, d));
    MessageHeader h =
        new MessageHeader(
            "|^~\\&",
            get(f, 3, d),
            get(f, 4, d),
            get(f, 5, d),
            get(f, 6, d),
            typeParts[0],
            typeParts.length > 1 ? typeParts[1] : "",
            get(f, 10, d),
            first(get(f, 11, d)),
            version,
            get(f, 15, d),
            get(f, 16, d));
    if (!strict) {
      return h;
    }
    if (h.messageCode().isEmpty()) {
      throw new Rejection(ErrorCodes.HL7V2_MALFORMED, "MSH-9", "MSH-9 (message type) is empty");
    }
    if (h.controlId().isEmpty()) {
      throw new Rejection(ErrorCodes.HL7V2_MALFORMED, "MSH-10", "MSH-10 (control id) is empty");
    }
    if (!versions.contains(version)) {
      throw new Rejection(
          ErrorCodes.UNSUPPORTED_VERSION,
          "MSH-12",
          "version '" + clip(version) + "' is not supported; supported: " + versions);
    }
    return h;
  }

  private static boolean validEncoding(char field, String enc) {
    if (enc.length() < 4 || enc.length() > 5 || Character.isLetterOrDigit(field) || field < ' ') {
      return false;
    }
    for (int i = 0; i < enc.length(); i++) {
      char c = enc.charAt(i);
      if (Character.isLetterOrDigit(c) || c == field || c < ' ' || enc.indexOf(c) != i) {
        return false;
      }
    }
    return true;
  }

  /** Field MSH-n (MSH-1 is the separator itself, so MSH-n is split index n-1). */
  private static String get(String[] f, int n, Delimiters d) {
    int i = n - 1;
    return i < f.length ? d.normalise(f[i]) : "";
  }

  private static String first(String v) {
    int i = v.indexOf('^');
    return i < 0 ? v : v.substring(0, i);
  }

  private static String clip(String s) {
    String t = s.replaceAll("[^0-9A-Za-z.]", "");
    return t.length() > 10 ? t.substring(0, 10) : t;
  }

  /** Rewrites values from the sender's delimiters to the defaults. */
  private record Delimiters(String enc) {
    String normalise(String v) {
      if (enc.startsWith("^~\\&")) {
        return v;
      }
      StringBuilder b = new StringBuilder(v.length());
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        int k = enc.indexOf(c);
        b.append(k >= 0 && k < 4 ? "^~\\&".charAt(k) : c);
      }
      return b.toString();
    }
  }
}
