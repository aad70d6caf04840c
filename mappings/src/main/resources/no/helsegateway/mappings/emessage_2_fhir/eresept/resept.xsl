<?xml version="1.0" encoding="UTF-8"?>
<!--
  E-resept 2.5 M1 Resept (ERM1, ns .../eresept/m1/2013-10-08) in MsgHead -> FHIR transaction Bundle:
  MedicationRequest (identifier = MsgId as urn:uuid: the prescription id that the dispensing reports quote in
  ReseptId; medication as in medication.xsl; dosage text and period; quantity (Antall) and refills (Reiterasjon);
  validity (Utloper); requester = the prescribing health-care professional, else the sending organisation).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../msghead/msghead.xsl"/>
  <xsl:import href="medication.xsl"/>

  <xsl:template match="/">
    <xsl:variable name="r" select="$payload"/>
    <xsl:variable name="product" select="gw:eresept-product($r)"/>
    <xsl:variable name="f" select="$r/*:ReseptDokLegemiddel/*:Forskrivning"/>
    <xsl:variable name="requester" select="(gw:hcp-url(($info/*:Sender//*:HealthcareProfessional)[1]), gw:msghead-party-org-url($info/*:Sender))[1]"/>
    <xsl:variable name="antall" select="gw:str($r/*:ReseptDokLegemiddel/*:Antall)"/>
    <xsl:variable name="refills" select="gw:str($r/*:ReseptDokLegemiddel/*:Reiterasjon)"/>
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <xsl:call-template name="gw:practitioner-entries"/>
      <xsl:sequence select="gw:entry(gw:url('MedicationRequest'), gw:obj((
          map{'resourceType': 'MedicationRequest'},
          map{'identifier': array{gw:message-identifier($msg-id, 'eresept-resept-id')}},
          map{'status': 'active'},
          map{'intent': 'order'},
          map{'medicationCodeableConcept': gw:eresept-medication($product)},
          map{'subject': gw:ref($patient-url)},
          gw:kv('authoredOn', (gw:date-time(substring(gw:str($r/*:Forskrivningsdato), 1, 10)), $issued)[1]),
          gw:kv('requester', gw:ref($requester)),
          gw:kv('reasonCode', gw:arr(for $b in gw:str($f/*:Bruksomrade) return map{'text': $b})),
          gw:kv('dosageInstruction', gw:arr(for $t in gw:str($f/*:DosVeiledEnkel) return gw:obj((map{'text': $t},
              gw:kv('timing', let $p := gw:obj((gw:kv('start', gw:date-time($f/*:Dosering/*:Starttidspunkt)), gw:kv('end', gw:date-time($f/*:Dosering/*:Sluttidspunkt))))
                  return if (map:size($p) eq 0) then () else map{'repeat': map{'boundsPeriod': $p}}))))),
          map{'dispenseRequest': gw:obj((
              gw:kv('validityPeriod', for $u in gw:date-time(substring(gw:str($r/*:Utloper), 1, 10)) return map{'end': $u}),
              gw:kv('numberOfRepeatsAllowed', if ($refills castable as xs:integer) then xs:integer($refills) else ()),
              gw:kv('quantity', if ($antall castable as xs:decimal) then map{'value': xs:decimal($antall)} else ())))})), ())"/>
      <xsl:call-template name="gw:document-reference-entries">
        <xsl:with-param name="type" select="gw:msg-document-type('57833-6', 'Prescription for medication')"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="gw:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
