package no.helsegateway.server.security.authz.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SenderOrganisationTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void msgHeadSenderOrganisationAndNestedOnes() {
    String msg =
        "<MsgHead xmlns='http://www.kith.no/xmlstds/msghead/2006-05-24'><MsgInfo>"
            + "<Sender><Organisation><OrganisationName>A</OrganisationName>"
            + "<Ident><Id>123</Id><TypeId V='HER'/></Ident>"
            + "<Ident><Id>974633574</Id><TypeId V='ENH'/></Ident>"
            + "<Organisation><Ident><Id>874633572</Id><TypeId V='ENH'/></Ident></Organisation>"
            + "</Organisation></Sender>"
            + "<Receiver><Organisation><Ident><Id>999999999</Id><TypeId V='ENH'/></Ident>"
            + "</Organisation></Receiver></MsgInfo></MsgHead>";
    assertThat(SenderOrganisation.orgnrs(b(msg))).containsExactly("974633574", "874633572");
  }

  @Test
  void epikriseServiceProviderByIdOrAdditionalId() {
    String msg =
        "<Message xmlns='http://www.kith.no/xmlstds/epikrise/2012-02-15'><ServRprt>"
            + "<ServProvider><HCP><Inst><Name>X</Name><Id>91393</Id><TypeId V='HER'/>"
            + "<Dept><Id>974633574</Id><TypeId V='ENH'/></Dept>"
            + "<AdditionalId><Id>983544622</Id><Type V='ENH'/></AdditionalId>"
            + "</Inst></HCP></ServProvider></ServRprt></Message>";
    assertThat(SenderOrganisation.orgnrs(b(msg)))
        .containsExactlyInAnyOrder("974633574", "983544622");
  }

  @Test
  void henvisningRequesterIsTheSenderNotTheServiceProvider() {
    String msg =
        "<Message xmlns='http://www.kith.no/xmlstds/henvisning/2005-07-08'><ServReq>"
            + "<ServProvider><HCP><Inst><Id>999999999</Id><TypeId V='ENH'/></Inst></HCP>"
            + "</ServProvider>"
            + "<Requester><HCP><Inst><Name>Legekontor</Name><Id>56704</Id><TypeId V='HER'/>"
            + "<AdditionalId><Id>983544622</Id><Type V='ENH'/></AdditionalId>"
            + "</Inst></HCP></Requester></ServReq></Message>";
    assertThat(SenderOrganisation.orgnrs(b(msg))).containsExactly("983544622");
    assertThat(SenderOrganisation.ids(b(msg)).herIds()).containsExactly("56704");
  }

  @Test
  void herIdsAreReadBesideOrganisationNumbers() {
    String msgHead =
        "<MsgHead xmlns='http://www.kith.no/xmlstds/msghead/2006-05-24'><MsgInfo>"
            + "<Sender><Organisation><Ident><Id>123</Id><TypeId V='HER'/></Ident>"
            + "<Organisation><Ident><Id>456</Id><TypeId V='HER'/></Ident></Organisation>"
            + "</Organisation></Sender>"
            + "<Receiver><Organisation><Ident><Id>789</Id><TypeId V='HER'/></Ident>"
            + "</Organisation></Receiver></MsgInfo></MsgHead>";
    SenderOrganisation.Ids ids = SenderOrganisation.ids(b(msgHead));
    assertThat(ids.orgnrs()).isEmpty();
    assertThat(ids.herIds()).containsExactly("123", "456");
    String epikrise =
        "<Message xmlns='http://www.kith.no/xmlstds/epikrise/2012-02-15'><ServRprt>"
            + "<ServProvider><HCP><Inst><Id>91393</Id><TypeId V='HER'/>"
            + "<Dept><Id>94866</Id><TypeId V='HER'/></Dept>"
            + "</Inst></HCP></ServProvider></ServRprt></Message>";
    assertThat(SenderOrganisation.ids(b(epikrise)).herIds()).containsExactly("91393", "94866");
  }

  @Test
  void aSenderNamedByHerIdOnlyIsLookedUpAndAnOrgnrWins() {
    var check =
        new no.helsegateway.server.security.authz.EMessageAuthorization(
            java.util.Map.of("123", "974633574"));
    String herOnly =
        "<MsgHead><MsgInfo><Sender><Organisation><Ident><Id>123</Id><TypeId V='HER'/></Ident>"
            + "</Organisation></Sender></MsgInfo></MsgHead>";
    assertThat(check.senderOrgnrs(b(herOnly))).containsExactly("974633574");
    assertThat(check.senderOrgnrs(b(herOnly.replace("123", "124")))).isEmpty();
    String both =
        herOnly.replace(
            "</Organisation>", "<Ident><Id>874633572</Id><TypeId V='ENH'/></Ident></Organisation>");
    assertThat(check.senderOrgnrs(b(both))).containsExactly("874633572");
  }

  @Test
  void noOrgnrIsEmptyAndGarbageIsUnreadable() {
    assertThat(SenderOrganisation.orgnrs(b("<MsgHead><MsgInfo/></MsgHead>"))).isEmpty();
    assertThat(SenderOrganisation.orgnrs(b("not xml"))).isNull();
    assertThat(
            SenderOrganisation.orgnrs(
                b("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><MsgHead>&e;</MsgHead>")))
        .isNull();
  }

  @Test
  void theReusedParserStaysHardenedAndClean() {
    String good =
        "<MsgHead><MsgInfo><Sender><Organisation><Ident><Id>974633574</Id><TypeId V='ENH'/>"
            + "</Ident></Organisation></Sender></MsgInfo></MsgHead>";
    String xxe = "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><MsgHead>&e;</MsgHead>";
    for (int i = 0; i < 3; i++) {
      // a refused and a broken message in between leave nothing behind on this thread's parser
      assertThat(SenderOrganisation.orgnrs(b(good))).containsExactly("974633574");
      assertThat(SenderOrganisation.orgnrs(b(xxe))).isNull();
      assertThat(SenderOrganisation.orgnrs(b("<MsgHead><unclosed>"))).isNull();
    }
  }
}
