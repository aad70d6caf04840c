package no.helsegateway.mappings.emessage;

import java.util.List;

/**
 * A sender or receiver address, as KITH messages nest it: institution, its departments and persons.
 * Mirrored into AppRec Sender/Receiver.
 *
 * @param name name of the institution (or person when {@code professional})
 * @param ids its identifiers (first one is the primary: Id/TypeId)
 * @param departments nested departments (AppRec Dept); for MsgHead the nested Organisation
 * @param persons persons in the institution (AppRec HCPerson)
 * @param professional true when the party is a health-care professional without institution (AppRec
 *     HCProf)
 */
public record Party(
    String name,
    List<PartyId> ids,
    List<Party> departments,
    List<Party> persons,
    boolean professional) {

  public Party {
    ids = ids == null ? List.of() : List.copyOf(ids);
    departments = departments == null ? List.of() : List.copyOf(departments);
    persons = persons == null ? List.of() : List.copyOf(persons);
  }

  /** The party's own HER-id, if it has one. */
  public String herId() {
    return ids.stream()
        .filter(i -> "HER".equals(i.type()))
        .map(PartyId::id)
        .findFirst()
        .orElse(null);
  }

  /** Organisation number (ENH), if any. */
  public String organisationNumber() {
    return ids.stream()
        .filter(i -> "ENH".equals(i.type()))
        .map(PartyId::id)
        .findFirst()
        .orElse(null);
  }

  /**
   * HER-id of the communication party: the most specific department with a HER-id (as in ebXML
   * PartyId and the address register), else the institution's own.
   */
  public String communicationPartyHerId() {
    for (Party dept : departments) {
      String her = dept.communicationPartyHerId();
      if (her != null) {
        return her;
      }
    }
    return herId();
  }
}
