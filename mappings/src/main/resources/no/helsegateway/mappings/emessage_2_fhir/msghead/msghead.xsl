<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared by every MsgHead-wrapped message (Henvisning 2.0, Dialogmelding, PLO, e-resept): the envelope (MsgHead v1.2,
  HIS 80601) -> Patient (MsgInfo/Patient), Organization (Sender/Receiver/OtherReceiver organisations, nested = part of),
  Practitioner (HealthcareProfessional anywhere in MsgInfo), the original message as DocumentReference and the Bundle.
  An entry stylesheet imports this one and defines gw:payload-entries (its resources) and, optionally, $document-type.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../common/fhir-common.xsl"/>

  <xsl:output method="json" indent="no" encoding="UTF-8"/>
  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:variable name="head" select="/*" as="element()"/>
  <xsl:variable name="msg" select="$head"/>
  <xsl:variable name="info" select="$head/*:MsgInfo" as="element()"/>
  <xsl:variable name="msg-id" select="lower-case(normalize-space($info/*:MsgId))" as="xs:string"/>
  <!-- The business document (first XML Content) and the attachments (MsgType A, base64 container) -->
  <xsl:variable name="payload" select="($head/*:Document/*:RefDoc[*:MsgType/@V eq 'XML']/*:Content/*)[1]" as="element()?"/>
  <xsl:variable name="attachments" select="$head/*:Document/*:RefDoc[*:MsgType/@V eq 'A']"/>
  <xsl:variable name="issued" select="gw:date-time(string($info/*:GenDate))"/>

  <xsl:function name="gw:url" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="gw:full-url($msg-id, $key)"/>
  </xsl:function>

  <!-- Patient -->
  <xsl:variable name="pat" select="$info/*:Patient"/>
  <xsl:variable name="patient-ident" select="($pat/*:Ident[exists(gw:lookup('identifier-systems', '8116', gw:str(*:TypeId/@V)))])[1]"/>
  <xsl:variable name="patient-id-system" select="gw:lookup('identifier-systems', '8116', gw:str($patient-ident/*:TypeId/@V))?code"/>
  <xsl:variable name="patient-id" select="gw:str($patient-ident/*:Id)"/>
  <xsl:variable name="patient-url" select="gw:url('Patient|' || $patient-id-system || '|' || $patient-id)"/>
  <xsl:variable name="patient-gender" select="gw:lookup('administrative-gender', '3101', gw:str($pat/*:Sex/@V))?code"/>
  <xsl:variable name="patient-age" as="xs:integer?"
      select="let $b := gw:str($pat/*:DateOfBirth), $i := substring(string($info/*:GenDate), 1, 10)
              return if ($b castable as xs:date and $i castable as xs:date)
                     then xs:integer(floor(days-from-duration(xs:date($i) - xs:date($b)) div 365.25)) else ()"/>

  <xsl:function name="gw:person-name" as="map(*)?">
    <xsl:param name="p" as="element()?"/>
    <xsl:variable name="given" select="($p/*:GivenName, $p/*:MiddleName) ! gw:str(.)"/>
    <xsl:variable name="family" select="gw:str($p/*:FamilyName)"/>
    <xsl:sequence select="if (empty(($given, $family))) then () else gw:obj((
        map{'use': 'official', 'text': string-join(($given, $family), ' ')},
        gw:kv('family', $family), gw:kv('given', gw:arr($given))))"/>
  </xsl:function>

  <xsl:template name="gw:patient-entries" as="map(*)*">
    <xsl:variable name="resource" select="gw:obj((
        map{'resourceType': 'Patient'},
        gw:kv('identifier', gw:arr(gw:identifier($patient-id-system, $patient-id))),
        gw:kv('name', gw:arr(gw:person-name($pat))),
        gw:kv('telecom', gw:arr(for $t in $pat/*:TeleCom/*:TeleAddress/@V return gw:telecom(gw:str($t)))),
        gw:kv('gender', $patient-gender),
        gw:kv('birthDate', gw:date-time(gw:str($pat/*:DateOfBirth))),
        gw:kv('deceasedDateTime', $patient-deceased),
        gw:kv('address', gw:arr(for $a in $pat/*:Address return gw:address($a)))))"/>
    <xsl:sequence select="gw:entry($patient-url, $resource,
        if (exists($patient-id-system) and exists($patient-id)) then 'identifier=' || $patient-id-system || '|' || $patient-id else ())"/>
  </xsl:template>
  <!-- Overridden by message types that report a death (PLO LOG_DOD) -->
  <xsl:variable name="patient-deceased" as="xs:string?" select="()"/>

  <!-- Organisations: the HER-id, else the first identifier with a known system. Only numeric values are used as
       identifiers (HER, ENH, RSH, AKO are all numeric; e.g. the Reseptformidler's "2397.1" in the official e-resept
       examples is not a HER-id); the value stays in the attached original message. -->
  <xsl:function name="gw:msghead-org-ident" as="element()?">
    <xsl:param name="o" as="element()"/>
    <xsl:sequence select="($o/*:Ident[*:TypeId/@V eq 'HER'], $o/*:Ident[exists(gw:lookup('identifier-systems', '9051', gw:str(*:TypeId/@V)))])
        [matches(gw:str(*:Id), '^[0-9]+$')][gw:identifier-ok(gw:lookup('identifier-systems', '9051', gw:str(*:TypeId/@V))?code, gw:str(*:Id))][1]"/>
  </xsl:function>
  <xsl:function name="gw:msghead-org-key" as="xs:string">
    <xsl:param name="o" as="element()"/>
    <xsl:variable name="i" select="gw:msghead-org-ident($o)"/>
    <xsl:sequence select="if (exists($i)) then 'Organization|' || gw:lookup('identifier-systems', '9051', gw:str($i/*:TypeId/@V))?code || '|' || gw:str($i/*:Id)
                          else 'Organization|' || gw:path($o)"/>
  </xsl:function>
  <xsl:function name="gw:msghead-org-url" as="xs:string?">
    <xsl:param name="o" as="element()?"/>
    <xsl:sequence select="if (empty($o)) then () else gw:url(gw:msghead-org-key($o))"/>
  </xsl:function>
  <!-- The most specific organisation of a Sender/Receiver: the innermost nested Organisation -->
  <xsl:function name="gw:msghead-party-org-url" as="xs:string?">
    <xsl:param name="party" as="element()?"/>
    <xsl:sequence select="gw:msghead-org-url(($party/*:Organisation/descendant-or-self::*:Organisation[not(*:Organisation)])[1])"/>
  </xsl:function>

  <xsl:template name="gw:organization-entries" as="map(*)*">
    <xsl:for-each-group select="$info/(*:Sender | *:Receiver | *:OtherReceiver)//*:Organisation" group-by="gw:msghead-org-key(.)">
      <xsl:variable name="o" select="current-group()[1]"/>
      <xsl:variable name="main" select="gw:msghead-org-ident($o)"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Organization'},
          gw:kv('identifier', gw:arr(for $i in $o/*:Ident[matches(gw:str(*:Id), '^[0-9]+$')] return
              gw:identifier(gw:lookup('identifier-systems', '9051', gw:str($i/*:TypeId/@V))?code, gw:str($i/*:Id))[exists(?system)][gw:identifier-ok(?system, ?value)])),
          map{'active': true()},
          gw:kv('name', gw:str($o/*:OrganisationName)),
          gw:kv('telecom', gw:arr(for $t in $o/*:TeleCom/*:TeleAddress/@V return gw:telecom(gw:str($t)))),
          gw:kv('address', gw:arr(for $a in $o/*:Address return gw:address($a))),
          gw:kv('partOf', if (exists($o/parent::*:Organisation)) then gw:ref(gw:msghead-org-url($o/..)) else ())))"/>
      <xsl:variable name="sys" select="gw:lookup('identifier-systems', '9051', gw:str($main/*:TypeId/@V))?code"/>
      <xsl:sequence select="gw:entry(gw:url(current-grouping-key()), $resource,
          if (exists($main)) then 'identifier=' || $sys || '|' || gw:str($main/*:Id) else ())"/>
    </xsl:for-each-group>
  </xsl:template>

  <!-- Health-care professionals (MsgHead and payload HealthcareProfessional, also fk1:/po: ones): HPR wins as identifier;
       a HER-id of a person is kept as second identifier. -->
  <xsl:function name="gw:hcp-ident" as="element()?">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="($p/*:Ident[*:TypeId/@V eq 'HPR'], $p/*:Ident[*:TypeId/@V eq 'HER'])
        [matches(gw:str(*:Id), '^[0-9]+$')][gw:identifier-ok(gw:lookup('identifier-systems', '8116', gw:str(*:TypeId/@V))?code, gw:str(*:Id))][1]"/>
  </xsl:function>
  <xsl:function name="gw:hcp-key" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="i" select="gw:hcp-ident($p)"/>
    <xsl:sequence select="if (exists($i)) then 'Practitioner|' || gw:lookup('identifier-systems', '8116', gw:str($i/*:TypeId/@V))?code || '|' || gw:str($i/*:Id)
                          else 'Practitioner|' || gw:path($p)"/>
  </xsl:function>
  <xsl:function name="gw:hcp-url" as="xs:string?">
    <xsl:param name="p" as="element()?"/>
    <xsl:sequence select="if (empty($p)) then () else gw:url(gw:hcp-key($p))"/>
  </xsl:function>

  <xsl:template name="gw:practitioner-entries" as="map(*)*">
    <xsl:param name="people" as="element()*" select="()"/>
    <xsl:for-each-group select="$info//*:HealthcareProfessional | $people" group-by="gw:hcp-key(.)">
      <xsl:variable name="p" select="current-group()[1]"/>
      <xsl:variable name="main" select="gw:hcp-ident($p)"/>
      <xsl:variable name="sys" select="gw:lookup('identifier-systems', '8116', gw:str($main/*:TypeId/@V))?code"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Practitioner'},
          gw:kv('identifier', gw:arr(for $i in distinct-values(current-group()/*:Ident[matches(gw:str(*:Id), '^[0-9]+$')]/(gw:str(*:TypeId/@V) || '|' || gw:str(*:Id)))
              return gw:identifier(gw:lookup('identifier-systems', '8116', substring-before($i, '|'))?code, substring-after($i, '|'))[exists(?system)][gw:identifier-ok(?system, ?value)])),
          map{'active': true()},
          gw:kv('name', gw:arr(gw:person-name($p))),
          gw:kv('telecom', gw:arr(distinct-values(current-group()/*:TeleCom/*:TeleAddress/@V ! gw:str(.)) ! gw:telecom(.)))))"/>
      <xsl:sequence select="gw:entry(gw:url(current-grouping-key()), $resource,
          if (exists($main)) then 'identifier=' || $sys || '|' || gw:str($main/*:Id) else ())"/>
    </xsl:for-each-group>
  </xsl:template>

  <!-- The original message as DocumentReference; attachments (base64 containers) as further DocumentReferences -->
  <xsl:template name="gw:document-reference-entries" as="map(*)*">
    <xsl:param name="type" as="map(*)"/>
    <xsl:param name="related" as="xs:string*" select="()"/>
    <xsl:variable name="author" select="gw:msghead-party-org-url($info/*:Sender)"/>
    <xsl:sequence select="gw:entry(gw:url('DocumentReference'), gw:original-document($msg-id, $type, $patient-url, $author, $issued,
        string(namespace-uri(($payload, $head)[1])), $related), ())"/>
    <xsl:for-each select="$attachments">
      <!-- the container element itself: BundleAssembler decodes it once (no string copies of megabytes in XSLT) -->
      <xsl:variable name="b64" select="(*:Content/*:Base64Container[text()])[1]"/>
      <xsl:sequence select="gw:entry(gw:url('DocumentReference|attachment|' || position()), gw:obj((
          map{'resourceType': 'DocumentReference'},
          map{'status': 'current'},
          map{'type': map:put($type, 'text', (gw:str(../*:ContentDescription), gw:str(*:Description), 'Vedlegg')[1])},
          map{'subject': gw:ref($patient-url)},
          gw:kv('author', gw:arr(gw:ref($author))),
          gw:kv('description', gw:str(*:Description)),
          map{'content': array{map{'attachment': gw:obj((gw:kv('contentType', gw:str(*:MimeType)), gw:kv('data', $b64),
              gw:kv('url', gw:str(*:FileReference)), gw:kv('title', gw:str(*:Description))))}}},
          gw:kv('context', if (empty($related)) then () else map{'related': array{$related ! gw:ref(.)}}))), ())"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:function name="gw:bundle" as="map(*)">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:sequence select="gw:obj((
        map{'resourceType': 'Bundle'},
        map{'identifier': gw:message-identifier($msg-id, 'kith-msgid')},
        map{'type': 'transaction'},
        gw:kv('timestamp', $issued),
        map{'entry': array{$entries}}))"/>
  </xsl:function>

  <!-- The document type of this message (9602 from the document-type table by MsgInfo/Type, then the given LOINC code) -->
  <xsl:function name="gw:msg-document-type" as="map(*)">
    <xsl:param name="loinc-code" as="xs:string"/>
    <xsl:param name="loinc-display" as="xs:string"/>
    <xsl:sequence select="gw:document-type(gw:str($info/*:Type/@V), map{'system': 'http://loinc.org', 'code': $loinc-code, 'display': $loinc-display})"/>
  </xsl:function>

  <!-- What names one document across its new, changed and cancelled versions: the conversation it started (MsgHead
       ConversationRef/RefToConversation, which a change or cancellation carries), else this message; plus its type -->
  <xsl:variable name="document-stable-id" as="xs:string"
      select="string-join(((gw:str(lower-case($info/*:ConversationRef/*:RefToConversation)), $msg-id)[1], gw:str($info/*:Type/@V)), '|')"/>

  <xsl:function name="gw:loinc" as="map(*)">
    <xsl:param name="code" as="xs:string"/>
    <xsl:param name="display" as="xs:string"/>
    <xsl:sequence select="map{'coding': array{map{'system': 'http://loinc.org', 'code': $code, 'display': $display}}}"/>
  </xsl:function>
</xsl:stylesheet>
