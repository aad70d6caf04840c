package no.helsegateway.server.emessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Test messages made from the official Epikrise 1.2 example (a test message with fictitious
 * persons, in the mappings golden folder): each copy gets a fresh MsgId; the negative variants
 * break one thing each.
 */
public final class EMessageFixtures {

  static final Path GOLDEN = Path.of("../mappings/src/test/resources/golden/emessage");
  static final String EPIKRISE_NS = "http://www.kith.no/xmlstds/epikrise/2012-02-15";
  static final String ORIGINAL_MSG_ID = "89da1760-456e-11e7-9598-0800200c9a66";
  static final String ORIGINAL_FNR = "13116900216";

  /**
   * The example, with the sender's organisation number (the test token's, {@link
   * no.helsegateway.server.TestTokens#ORGNR}) added to the service provider: the gateway accepts a
   * message only from the organisation it names as sender.
   */
  private static final String TEMPLATE =
      withSenderOrgnr(read("epikrise-1.2-c.input.xml"), no.helsegateway.server.TestTokens.ORGNR);

  /**
   * The message with the sender naming this organisation number when it names none: MsgHead gets an
   * ENH Ident after the sender organisation's first Ident, Epikrise 1.x an ENH AdditionalId on the
   * service provider. Real messages often name their sender by HER-id only; the gateway accepts a
   * message only from the organisation it names as sender.
   */
  public static String asSender(String message, String orgnr) {
    java.util.regex.Matcher sender =
        java.util.regex.Pattern.compile("<(\\w+:)?Sender>").matcher(message);
    if (!sender.find()) {
      return withSenderOrgnr(message, orgnr);
    }
    String prefix = sender.group(1) == null ? "" : sender.group(1);
    String close = "</" + prefix + "Ident>";
    int at = message.indexOf(close, sender.end());
    if (at < 0) {
      return message;
    }
    at += close.length();
    String ident =
        "<"
            + prefix
            + "Ident><"
            + prefix
            + "Id>"
            + orgnr
            + "</"
            + prefix
            + "Id><"
            + prefix
            + "TypeId V=\"ENH\" DN=\"Organisasjonsnummer\" S=\"2.16.578.1.12.4.1.1.9051\"/></"
            + prefix
            + "Ident>";
    return message.substring(0, at) + ident + message.substring(at);
  }

  /** Adds an ENH AdditionalId to the service provider's institution (the first Inst). */
  static String withSenderOrgnr(String epikrise, String orgnr) {
    return epikrise.replaceFirst(
        "</Inst>",
        "<AdditionalId><Id>"
            + orgnr
            + "</Id><Type V=\"ENH\" DN=\"Organisasjonsnummer\"/>"
            + "</AdditionalId></Inst>");
  }

  /** The Epikrise 1.2 example with diagnoses and medication (clinical content for openEHR). */
  private static final String WITH_DIAGNOSES =
      asSender(read("epikrise-1.2-n.input.xml"), no.helsegateway.server.TestTokens.ORGNR);

  static final String WITH_DIAGNOSES_MSG_ID = "f022ccd0-4567-11e7-9598-0800200c9a66";

  private EMessageFixtures() {}

  private static String read(String name) {
    try {
      return Files.readString(GOLDEN.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid Epikrise with this MsgId. */
  public static String epikrise(String msgId) {
    return TEMPLATE.replace(ORIGINAL_MSG_ID, msgId);
  }

  /** The Epikrise with diagnoses (Condition, MedicationStatement) with this MsgId. */
  static String epikriseWithDiagnoses(String msgId) {
    return WITH_DIAGNOSES.replace(WITH_DIAGNOSES_MSG_ID, msgId);
  }

  /** The official Epikrise examples (1.1 and 1.2; new, changed, cancelled) in the golden folder. */
  static java.util.List<String> officialEpikrise() {
    try (java.util.stream.Stream<Path> files = Files.list(GOLDEN)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("epikrise-") && n.endsWith(".input.xml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A golden input with fresh ids: every id in {@code ids} (its MsgId, and the conversation or
   * document id a later version refers to) is replaced by the new value given for it, so that a
   * series of versions of one document stays linked but is new to the store on every run.
   */
  static String golden(String name, java.util.Map<String, String> ids) {
    String xml = read(name);
    for (java.util.Map.Entry<String, String> e : ids.entrySet()) {
      xml = xml.replace(e.getKey(), e.getValue());
    }
    return xml;
  }

  /** A golden input with a fresh MsgId (the first MsgId element's value replaced). */
  static String withFreshMsgId(String name) {
    String xml = read(name);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<MsgId>\\s*([^<\\s]+)\\s*</MsgId>").matcher(xml);
    if (!m.find()) {
      throw new IllegalArgumentException(name + " has no MsgId");
    }
    return xml.replace(m.group(1), newMsgId());
  }

  static String newMsgId() {
    return UUID.randomUUID().toString();
  }

  static String wrongNamespace() {
    return epikrise(newMsgId()).replace(EPIKRISE_NS, "urn:example:not-a-kith-namespace");
  }

  static String schemaInvalid() {
    return epikrise(newMsgId()).replaceFirst("<MIGversion>[^<]*</MIGversion>", "");
  }

  static String invalidFodselsnummer() {
    return epikrise(newMsgId()).replace(ORIGINAL_FNR, "13116900217");
  }

  static String xxe() {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE Message [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        + "<Message xmlns=\""
        + EPIKRISE_NS
        + "\"><MsgId>&xxe;</MsgId></Message>";
  }

  static String billionLaughs() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n");
    b.append(" <!ENTITY lol \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
      b.append(" <!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i == 1 ? "" : String.valueOf(i - 1)) + ";").repeat(10))
          .append("\">\n");
    }
    b.append("]>\n<lolz>&lol9;</lolz>");
    return b.toString();
  }
}
