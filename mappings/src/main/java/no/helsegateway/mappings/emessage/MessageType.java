package no.helsegateway.mappings.emessage;

/**
 * One resolved entry of the message-type registry ({@code message-types.xml}); aliases are already
 * merged with their base entry.
 *
 * @param id stable id, e.g. {@code epikrise-1.2}
 * @param standard name of the standard
 * @param version version of the standard
 * @param shape {@code basis}, {@code msghead} or {@code apprec}
 * @param namespace root namespace
 * @param root root element local name
 * @param msgInfoType MsgHead MsgInfo/Type (8279) for msghead shape, else {@code null}
 * @param msgType8279 code echoed in AppRec OriginalMsgId/MsgType
 * @param msgType8279Display its display text
 * @param schema XSD entry (relative to the xsd folder)
 * @param stylesheet entry stylesheet, {@code null} when not translated
 * @param appRecVersion AppRec version to answer with, {@code null} when never answered
 */
public record MessageType(
    String id,
    String standard,
    String version,
    String shape,
    String namespace,
    String root,
    String msgInfoType,
    String msgType8279,
    String msgType8279Display,
    String schema,
    String stylesheet,
    AppRecVersion appRecVersion) {

  /** Whether the gateway translates this type (it has a stylesheet). */
  public boolean translated() {
    return stylesheet != null && !stylesheet.isBlank();
  }

  /** Whether this type is itself a receipt (never answered with an AppRec). */
  public boolean isReceipt() {
    return "apprec".equals(shape);
  }
}
