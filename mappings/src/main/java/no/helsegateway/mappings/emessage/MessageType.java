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
 * @param payloadNamespace for msghead shape: namespace of the business document in {@code
 *     Document/RefDoc/Content} that tells versions with the same {@code MsgInfo/Type} apart (e.g.
 *     Dialogmelding 1.0 / 1.1, PLO 1.5 / 1.6); {@code null} = any
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
    AppRecVersion appRecVersion,
    String payloadNamespace) {

  /** The record as it was before {@code payloadNamespace} (kept for callers; any payload). */
  public MessageType(
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
    this(
        id,
        standard,
        version,
        shape,
        namespace,
        root,
        msgInfoType,
        msgType8279,
        msgType8279Display,
        schema,
        stylesheet,
        appRecVersion,
        null);
  }

  /** The XSD entry points (the {@code schema} attribute may list several, space-separated). */
  public java.util.List<String> schemas() {
    return schema == null || schema.isBlank()
        ? java.util.List.of()
        : java.util.List.of(schema.trim().split("\\s+"));
  }

  /** Whether the gateway translates this type (it has a stylesheet). */
  public boolean translated() {
    return stylesheet != null && !stylesheet.isBlank();
  }

  /** Whether this type is itself a receipt (never answered with an AppRec). */
  public boolean isReceipt() {
    return "apprec".equals(shape);
  }
}
