<?xml version="1.0" encoding="UTF-8"?>
<!--
  E-resept 2.5 dispensing reports (M10 Utleveringsrapport to the Reseptformidler, M6 to the prescriber, M8 to the GP;
  all carry ul:Utlevering, ns .../eresept/utlevering/2013-10-08) in MsgHead -> FHIR transaction Bundle.
  Each Utlevering -> MedicationDispense: identifier = the dispensing (AnnulleringsId when cancelling, else MsgId),
  authorizingPrescription = logical reference to the MedicationRequest of the prescription (ReseptId),
  medicationCodeableConcept = varenummer (package), FEST id, ATC (7180), name; performer = the pharmacy by HER-id.
  Cancellation (Annullering = true): the earlier dispense is marked entered-in-error with a conditional update on its
  identifier (AnnulleringsId refers to the cancelled dispensing); no second dispense is created.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:import href="../msghead/msghead.xsl"/>
  <xsl:import href="medication.xsl"/>
  <xsl:variable name="HER" select="'urn:oid:2.16.578.1.12.4.1.2'"/>

  <xsl:function name="gw:pharmacy-url" as="xs:string?">
    <xsl:param name="u" as="element()"/>
    <xsl:variable name="her" select="gw:str($u/*:Utleverer/*:HerId/*:Id)"/>
    <xsl:sequence select="if (exists($her)) then gw:url('Organization|' || $HER || '|' || $her) else gw:msghead-party-org-url($info/*:Sender)"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:variable name="dispensings" select="$payload//*:Utlevering"/>
    <xsl:variable name="entries" as="map(*)*">
      <xsl:call-template name="gw:patient-entries"/>
      <xsl:call-template name="gw:organization-entries"/>
      <!-- the dispensing pharmacy when it is not the MsgHead sender -->
      <xsl:for-each select="$dispensings[gw:str(*:Utleverer/*:HerId/*:Id)]">
        <xsl:variable name="her" select="gw:str(*:Utleverer/*:HerId/*:Id)"/>
        <xsl:if test="not($info//*:Organisation/*:Ident[*:TypeId/@V eq 'HER'][gw:str(*:Id) eq $her][empty(preceding-sibling::*:Ident[*:TypeId/@V eq 'HER'])])">
          <xsl:sequence select="gw:entry(gw:pharmacy-url(.), map{'resourceType': 'Organization', 'identifier': array{map{'system': $HER, 'value': $her}},
              'active': true(), 'name': (gw:str(*:Utleverer/*:Navn), 'Apotek')[1]}, 'identifier=' || $HER || '|' || $her)"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:call-template name="gw:practitioner-entries"/>
      <xsl:for-each select="$dispensings">
        <xsl:variable name="u" select="."/>
        <xsl:variable name="product" select="gw:eresept-product(.)"/>
        <xsl:variable name="cancel" select="gw:str(*:Annullering) eq 'true'"/>
        <xsl:variable name="dispense-id" select="if ($cancel) then (gw:str(*:AnnulleringsId), $msg-id)[1] else $msg-id"/>
        <xsl:variable name="identifier" select="map{'system': 'https://helsegateway.no/fhir/NamingSystem/eresept-utlevering', 'value': lower-case($dispense-id)}"/>
        <xsl:variable name="quantity" select="gw:str(*:ReseptDokLegemiddel/*:Antall)"/>
        <xsl:variable name="resource" select="gw:obj((
            map{'resourceType': 'MedicationDispense'},
            map{'identifier': array{$identifier}},
            map{'status': if ($cancel) then 'entered-in-error' else 'completed'},
            map{'medicationCodeableConcept': gw:eresept-medication($product)},
            map{'subject': gw:ref($patient-url)},
            map{'performer': array{map{'actor': gw:ref(gw:pharmacy-url($u))}}},
            gw:kv('location', ()),
            map{'authorizingPrescription': array{map{'type': 'MedicationRequest', 'identifier': gw:message-identifier(gw:str(*:ReseptId), 'eresept-resept-id')}}},
            gw:kv('quantity', if ($quantity castable as xs:decimal) then gw:obj((map{'value': xs:decimal($quantity)},
                gw:kv('unit', gw:str(($product/*:PakningsinfoResept/*:EnhetPakning/@DN)[1])))) else ()),
            gw:kv('whenHandedOver', gw:date-time(gw:str(*:Utleveringsdato))),
            gw:kv('substitution', map{'wasSubstituted': gw:str(*:ByttereservasjonKunde) eq 'true' or exists(*:Bytte)}),
            gw:kv('dosageInstruction', gw:arr(for $t in gw:str(*:ReseptDokLegemiddel/*:Forskrivning/*:DosVeiledEnkel) return map{'text': $t})),
            gw:kv('note', gw:arr(for $b in gw:str(*:Batchnr) return map{'text': 'Batch ' || $b}))))"/>
        <!-- A cancellation updates the earlier dispense (found by its identifier) instead of creating one -->
        <xsl:sequence select="if ($cancel)
            then map{'fullUrl': gw:url('MedicationDispense|' || position()), 'resource': $resource,
                     'request': map{'method': 'PUT', 'url': 'MedicationDispense?identifier=' || $identifier?system || '|' || $identifier?value}}
            else gw:entry(gw:url('MedicationDispense|' || position()), $resource, 'identifier=' || $identifier?system || '|' || $identifier?value)"/>
      </xsl:for-each>
      <xsl:call-template name="gw:document-reference-entries">
        <xsl:with-param name="type" select="gw:msg-document-type('29304-3', 'Medication dispensed.brief Document')"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="gw:bundle($entries)"/>
  </xsl:template>
</xsl:stylesheet>
