<?xml version="1.0" encoding="UTF-8"?>
<!--
  Dialogmelding 1.0 (ns .../dialog/2006-10-11) and 1.1 (ns .../dialog/2013-01-23) in MsgHead (DIALOG_NOTAT, _HELSEFAGLIG,
  _FORESPORSEL, _SVAR, _STATUS_HENVISNING, _AVVIK) -> FHIR transaction Bundle. Element names agree across the versions.
  - Notat -> Communication (topic = TemaKodet coding, payload = Tema + text, sender/recipient from MsgHead);
  - Foresporsel (a question) -> CommunicationRequest, identifier urn:uuid:<MsgId>;
  - an answer (Notat with MsgHead ConversationRef/RefToParent) -> Communication.basedOn = logical reference (identifier)
    to the CommunicationRequest of the question it answers, inResponseTo likewise for a Communication;
  - RollerRelatertNotat persons -> Practitioner.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../msghead/msghead.xsl"/>

  <xsl:variable name="parent-id" select="gw:str(lower-case($info/*:ConversationRef/*:RefToParent))"/>
  <xsl:variable name="sender-url" select="(gw:hcp-url(($info/*:Sender//*:HealthcareProfessional)[1]), gw:msghead-party-org-url($info/*:Sender))[1]"/>
  <xsl:variable name="recipient-url" select="(gw:hcp-url(($info/*:Receiver//*:HealthcareProfessional)[1]), gw:msghead-party-org-url($info/*:Receiver))[1]"/>

  <xsl:function name="gw:dialog-payload" as="map(*)*">
    <xsl:param name="e" as="element()"/>
    <xsl:for-each select="($e/(*:Tema, *:Sporsmal, *:EmneSporsmal, *:Formal, *:Begrunnelse), $e/*:TekstNotatInnhold, $e/*:Merknad)[normalize-space()]">
      <xsl:sequence select="map{'contentString': normalize-space(.)}"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="gw:answers" as="map(*)?">
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="if (empty($parent-id) or $parent-id eq $msg-id) then () else
        map{'type': $type, 'identifier': gw:message-identifier($parent-id, 'kith-msgid')}"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="dialog" select="$payload"/>
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <xsl:call-template name="gw:practitioner-entries">
        <xsl:with-param name="people" select="$dialog//*:RollerRelatertNotat/*:HealthcareProfessional"/>
      </xsl:call-template>
      <xsl:for-each select="$dialog/*:Notat">
        <xsl:sequence select="gw:entry(gw:url('Communication|' || position()), gw:obj((
            map{'resourceType': 'Communication'},
            map{'identifier': array{gw:message-identifier(if (position() eq 1) then $msg-id else $msg-id || '-' || position(), 'kith-msgid')}},
            gw:kv('basedOn', gw:arr(gw:answers('CommunicationRequest'))),
            map{'status': 'completed'},
            gw:kv('category', gw:arr(gw:concept($dialog/*:SakstypeKodet, ()))),
            map{'subject': gw:ref($patient-url)},
            gw:kv('topic', gw:obj((gw:kv('coding', gw:arr(gw:coding(*:TemaKodet, ()))), gw:kv('text', (gw:str(*:Tema), gw:str(*:TemaKodet/@DN))[1])))),
            gw:kv('about', gw:arr(for $r in gw:str(*:DokIdNotat) return map{'identifier': gw:message-identifier($r, 'kith-document-id')})),
            gw:kv('sent', ($issued, gw:date-time(gw:str(*:DatoNotat)))[1]),
            gw:kv('recipient', gw:arr(gw:ref($recipient-url))),
            gw:kv('sender', gw:ref($sender-url)),
            map{'payload': array{gw:dialog-payload(.), *:Foresporsel ! map{'contentString': 'Spørsmål: ' || normalize-space(string-join((*:Sporsmal, *:TypeForesp/@DN) ! string(.), ' '))}}},
            gw:kv('note', gw:arr(*:RollerRelatertNotat/*:HealthcareProfessional ! map{'text': string-join((gw:str(../*:RoleToPatient/@DN), gw:person-name(.)?text), ': ')})))), ())"/>
      </xsl:for-each>
      <xsl:for-each select="$dialog/*:Foresporsel">
        <xsl:sequence select="gw:entry(gw:url('CommunicationRequest|' || position()), gw:obj((
            map{'resourceType': 'CommunicationRequest'},
            map{'identifier': array{gw:message-identifier(if (position() eq 1) then $msg-id else $msg-id || '-' || position(), 'kith-msgid')}},
            map{'status': 'active'},
            map{'category': array{gw:concept(*:TypeForesp, ())}},
            gw:kv('priority', gw:lookup('request-priority', '8304', gw:str(*:Hastegrad/@V))?code),
            map{'subject': gw:ref($patient-url)},
            map{'payload': array{(gw:dialog-payload(.), map{'contentString': (gw:str(*:TypeForesp/@DN), 'Forespørsel')[1]})[1], subsequence(gw:dialog-payload(.), 2)}},
            gw:kv('occurrencePeriod', let $p := gw:obj((gw:kv('start', gw:date-time(gw:str(*:FraDato))), gw:kv('end', gw:date-time(gw:str(*:TilDato))))) return if (map:size($p) eq 0) then () else $p),
            gw:kv('authoredOn', $issued),
            gw:kv('requester', gw:ref($sender-url)),
            gw:kv('recipient', gw:arr(gw:ref($recipient-url))),
            gw:kv('reasonCode', gw:arr(gw:concept(*:KodetOpplysning, ()))))), ())"/>
      </xsl:for-each>
      <xsl:call-template name="gw:document-reference-entries">
        <xsl:with-param name="type" select="gw:msg-document-type('34109-9', 'Note')"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="gw:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
