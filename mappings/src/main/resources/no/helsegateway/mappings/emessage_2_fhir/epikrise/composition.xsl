<?xml version="1.0" encoding="UTF-8"?>
<!-- The discharge summary document -> Composition: one section per text heading (Comment/Heading, kodeverk 8311),
     one per free-text clinical item (InfItem Description, kodeverk 8233), plus generated sections that list the
     structured diagnoses, medications and results, the referral, and any element without a structured home
     ("Øvrige opplysninger"). The sender's XHTML is kept as the narrative. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" xmlns:h="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:variable name="composition-url" select="gw:url('Composition')"/>
  <xsl:variable name="UUID" select="'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'"/>
  <!-- Children of ServRprt / Event that have a structured home or a section of their own -->
  <xsl:variable name="HANDLED-REPORT" select="('ServType', 'IssueDate', 'ApprDate', 'Status', 'MsgDescr', 'ServProvId', 'ServReq', 'Event',
      'Patient', 'ServProvider', 'CopyDest', 'Requester', 'RelServProvider')"/>
  <xsl:variable name="HANDLED-EVENT" select="('ReportedEvent', 'ServType', 'AdmOutcome', 'Service', 'InfItem', 'Comment')"/>

  <xsl:function name="gw:loinc" as="map(*)">
    <xsl:param name="code" as="xs:string"/>
    <xsl:param name="display" as="xs:string"/>
    <xsl:sequence select="map{'coding': array{map{'system': 'http://loinc.org', 'code': $code, 'display': $display}}}"/>
  </xsl:function>

  <!-- Document type: kodeverk 9602 A03-2 (document-type table; the no-basis value set, required by the profiles)
       first, LOINC second for international readers. -->
  <xsl:function name="gw:epikrise-type" as="map(*)">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="map:put(gw:document-type('EPIKRISE', map{'system': 'http://loinc.org', 'code': '18842-5', 'display': 'Discharge summary'}),
        'text', $text)"/>
  </xsl:function>

  <xsl:function name="gw:section" as="map(*)">
    <xsl:param name="title" as="xs:string?"/>
    <xsl:param name="code" as="map(*)?"/>
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="entries" as="xs:string*"/>
    <xsl:sequence select="gw:obj((gw:kv('title', $title), gw:kv('code', $code),
        map{'text': gw:narrative($content, if (exists($entries)) then 'generated' else 'additional')},
        gw:kv('entry', gw:arr(for $e in $entries return gw:ref($e)))))"/>
  </xsl:function>

  <xsl:function name="gw:cv-text" as="xs:string">
    <xsl:param name="cv" as="element()?"/>
    <xsl:sequence select="string-join((gw:str($cv/@V), gw:str($cv/@DN), gw:str($cv/@OT)), ' ')"/>
  </xsl:function>

  <xsl:template name="gw:composition-entries" as="map(*)*">
    <xsl:variable name="events" select="$rprt/*:Event"/>
    <xsl:variable name="authors" select="($rprt/*:RelServProvider/*:HCP/*:HCProf ! gw:practitioner-url(.), gw:hcp-org-url($rprt/*:ServProvider/*:HCP))"/>
    <xsl:variable name="status" select="(gw:lookup('composition-status', '7309', gw:str($rprt/*:ServType/@V)),
                                        gw:lookup('composition-status', '7306', gw:str($rprt/*:Status/@V)))[1]?code"/>
    <xsl:variable name="text-sections" as="map(*)*">
      <xsl:for-each select="$events/(*:Comment | *:InfItem[*:Observation/*:Description][not(*:Observation/*:CodedDescr)])">
        <xsl:sequence select="if (local-name() eq 'Comment')
            then gw:section(gw:str(*:Heading/@DN), gw:concept(*:Heading, '8311'), *:TextResultValue/node(), ())
            else gw:section(gw:str(*:Type/@DN), gw:concept(*:Type, '8233'), *:Observation/*:Description/node(), ())"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="diagnoses" select="$events/*:InfItem[*:Observation/*:CodedDescr]"/>
    <xsl:variable name="medications" select="$events/*:InfItem[*:Medication]"/>
    <xsl:variable name="results" select="$events/*:InfItem[*:ResultItem]"/>
    <xsl:variable name="diagnosis-list" as="element()">
      <h:ul><xsl:for-each select="$diagnoses"><h:li>
        <xsl:value-of select="string-join((gw:str(*:Type/@DN), gw:cv-text(*:Observation/*:CodedDescr/*:Concept)), ': ')"/>
        <xsl:for-each select="*:Observation/*:CodedDescr/*:Modifier"> (<xsl:value-of select="gw:cv-text(*:Name) || ': ' || gw:cv-text(*:Value)"/>)</xsl:for-each>
      </h:li></xsl:for-each></h:ul>
    </xsl:variable>
    <xsl:variable name="medication-table" as="element()">
      <h:table><h:tr><h:th>Legemiddel</h:th><h:th>ATC</h:th><h:th>Status</h:th><h:th>Dose</h:th><h:th>Dosering</h:th><h:th>Kommentar</h:th></h:tr>
        <xsl:for-each select="$medications/*:Medication"><h:tr>
          <h:td><xsl:value-of select="*:DrugId/@DN"/></h:td><h:td><xsl:value-of select="*:DrugId/@V"/></h:td>
          <h:td><xsl:value-of select="*:Status/@DN"/></h:td><h:td><xsl:value-of select="string-join((*:UnitDose/@V, *:UnitDose/@U), ' ')"/></h:td>
          <h:td><xsl:value-of select="*:DosageText"/></h:td><h:td><xsl:value-of select="*:Comment"/></h:td>
        </h:tr></xsl:for-each>
      </h:table>
    </xsl:variable>
    <xsl:variable name="result-list" as="element()">
      <h:ul><xsl:for-each select="$results/*:ResultItem"><h:li>
        <xsl:value-of select="gw:cv-text(*:ClinInv/*:Id) || ': ' || normalize-space(string-join((*:NumResult/*:NumResultValue/@V, *:NumResult/*:NumResultValue/@U, *:TextResult, *:DateResult/*:DateResultValue/@V, *:Interval/*/@V), ' '))"/>
      </h:li></xsl:for-each></h:ul>
    </xsl:variable>
    <xsl:variable name="referral" as="element()*">
      <xsl:for-each select="$rprt/*:ServReq">
        <h:p><xsl:value-of select="string-join(('Henvisning', gw:str(*:MsgDescr/@DN), gw:str(*:MsgDescr[not(@DN)]), 'datert ' || *:IssueDate/@V, 'id ' || gw:str(*:Id)), ', ')"/></h:p>
        <xsl:for-each select="*:Diagnosis/*:Concept"><h:p><xsl:value-of select="'Henvisningsdiagnose: ' || gw:cv-text(.)"/></h:p></xsl:for-each>
        <xsl:for-each select="*:ReasonAsText"><h:p><xsl:value-of select="normalize-space(.)"/></h:p></xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="other" select="$rprt/*[not(local-name() = $HANDLED-REPORT)] | $events/*[not(local-name() = $HANDLED-EVENT)]
        | $events/*:InfItem[not(*:Observation or *:Medication or *:ResultItem)]"/>
    <xsl:variable name="other-list" as="element()"><h:ul><xsl:apply-templates select="$other" mode="gw:dump"/></h:ul></xsl:variable>
    <xsl:variable name="summary" as="element()*">
      <h:p><h:b><xsl:value-of select="(gw:str($rprt/*:MsgDescr), 'Epikrise')[1]"/></h:b></h:p>
      <h:p><xsl:value-of select="string-join(('Pasient: ' || gw:str($patient/*:Name), 'født ' || $patient/*:DateOfBirth/@V), ', ')"/></h:p>
      <h:p><xsl:value-of select="'Fra: ' || string-join($rprt/*:ServProvider/*:HCP/*:Inst/(*:Name, *:Dept/*:Name) ! gw:str(.), ' / ')"/></h:p>
      <xsl:for-each select="$events/*:ReportedEvent">
        <h:p><xsl:value-of select="'Opphold: ' || string-join((*:StartDateTime/@V, *:EndDateTime/@V), ' – ')"/></h:p>
      </xsl:for-each>
      <h:p><xsl:value-of select="string-join(('Status: ' || gw:str($rprt/*:Status/@DN), 'type: ' || gw:str($rprt/*:ServType/@DN), 'godkjent ' || $rprt/*:ApprDate/@V), ', ')"/></h:p>
    </xsl:variable>
    <xsl:variable name="resource" select="gw:obj((
        map{'resourceType': 'Composition'},
        map{'meta': map{'profile': array{'http://helsegateway.no/fhir/StructureDefinition/gw-Composition-dischargesummary'}}},
        map{'text': gw:narrative($summary, 'generated')},
        gw:kv('identifier', for $id in gw:str($rprt/*:ServProvId) return
            if (matches($id, $UUID)) then map{'system': 'urn:ietf:rfc:3986', 'value': 'urn:uuid:' || lower-case($id)}
            else map{'system': 'https://helsegateway.no/fhir/NamingSystem/kith-servprovid', 'value': $id}),
        map{'status': ($status, 'final')[1]},
        map{'type': gw:epikrise-type((gw:str($rprt/*:MsgDescr), 'Epikrise')[1])},
        map{'category': array{gw:concept($msg/*:Type, '8279')}},
        map{'subject': gw:ref($patient-url)},
        gw:kv('encounter', gw:ref(gw:encounter-url($events[1]))),
        map{'date': ($issued, gw:date-time($msg/*:GenDate))[1]},
        map{'author': array{$authors ! gw:ref(.)}},
        map{'title': (gw:str($rprt/*:MsgDescr), 'Epikrise')[1]},
        gw:kv('attester', gw:arr(for $t in gw:date-time($rprt/*:ApprDate) return
            gw:obj((map{'mode': 'legal', 'time': $t}, gw:kv('party', gw:ref($authors[1])))))),
        gw:kv('custodian', gw:ref(gw:org-url($rprt/*:ServProvider/*:HCP/*:Inst))),
        gw:kv('section', gw:arr((
            $text-sections,
            if (exists($diagnoses)) then gw:section('Diagnoser', gw:loinc('11535-2', 'Hospital discharge Dx Narrative'), $diagnosis-list, $diagnoses ! gw:condition-url(.)) else (),
            if (exists($medications)) then gw:section('Legemidler', gw:loinc('10183-2', 'Hospital discharge medications Narrative'), $medication-table, $medications ! gw:medication-url(.)) else (),
            if (exists($results)) then gw:section('Resultater', gw:loinc('30954-2', 'Relevant diagnostic tests/laboratory data Narrative'), $result-list, $results ! gw:observation-url(.)) else (),
            if (exists($referral)) then gw:section('Henvisning', gw:loinc('42349-1', 'Reason for referral (narrative)'), $referral, ()) else (),
            if (exists($other)) then gw:section('Øvrige opplysninger', (), $other-list, ()) else (),
            (: A discharge summary always has a section: when nothing else gave one, the summary. :)
            if (empty(($text-sections, $diagnoses, $medications, $results, $referral, $other)))
            then gw:section('Sammendrag', (), $summary, ()) else ())))))"/>
    <xsl:sequence select="gw:entry($composition-url, $resource, ())"/>
  </xsl:template>
</xsl:stylesheet>
