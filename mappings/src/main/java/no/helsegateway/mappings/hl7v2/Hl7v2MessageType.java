package no.helsegateway.mappings.hl7v2;

import java.util.List;

/**
 * One row of the HL7 v2 registry ({@code hl7v2/message-types.xml}), aliases resolved.
 *
 * @param id stable id, e.g. {@code adt-a04}
 * @param event MSH-9.1^MSH-9.2, e.g. {@code ADT^A04}
 * @param structure the v2.5.1 message structure the event is parsed as, e.g. {@code ADT_A01}
 * @param stylesheet entry stylesheet, relative to {@code no/helsegateway/mappings/}
 * @param requiredSegments segments that must be present, e.g. {@code PID, PV1}
 * @param patient how the Patient is written: {@code update} (conditional update), {@code create}
 *     (conditional create, keeps existing data) or {@code merge} (A40 links, never an overwrite)
 * @param encounter whether the event writes an Encounter (keyed by PV1-19)
 */
public record Hl7v2MessageType(
    String id,
    String event,
    String structure,
    String stylesheet,
    List<String> requiredSegments,
    String patient,
    boolean encounter) {

  public Hl7v2MessageType {
    requiredSegments = List.copyOf(requiredSegments);
  }

  /** MSH-9.2 of {@link #event()}. */
  public String triggerEvent() {
    int i = event.indexOf('^');
    return i < 0 ? "" : event.substring(i + 1);
  }
}
