<?xml version="1.0" encoding="UTF-8"?>
<!-- InfItem/Medication -> MedicationStatement: medicationReference identified by ATC (7180; spaces the sender put in the
     code are removed) and named by the drug name (gw:medication-reference),
     status via the 7307 table (the 7307 coding itself is kept in statusReason), dose and dosage text. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:function name="gw:medication-url" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="gw:url('MedicationStatement|' || gw:path($item))"/>
  </xsl:function>

  <xsl:function name="gw:quantity" as="map(*)?">
    <xsl:param name="pq" as="element()?"/>
    <xsl:sequence select="if (empty($pq) or not($pq/@V castable as xs:decimal)) then () else
        gw:obj((map{'value': xs:decimal($pq/@V)}, gw:kv('unit', gw:str($pq/@U))))"/>
  </xsl:function>

  <xsl:template name="gw:medication-statement-entries" as="map(*)*">
    <xsl:for-each select="$rprt/*:Event/*:InfItem[*:Medication]">
      <xsl:variable name="m" select="*:Medication"/>
      <xsl:variable name="drug" select="gw:coding($m/*:DrugId, '7180')"/>
      <xsl:variable name="drug-coding" select="if (exists($drug?code)) then map:put($drug, 'code', replace($drug?code, '\s+', '')) else $drug"/>
      <xsl:variable name="status" select="(gw:lookup('medication-statement-status', '7307', gw:str($m/*:Status/@V))?code, 'unknown')[1]"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'MedicationStatement'},
          map{'status': $status},
          gw:kv('statusReason', gw:arr(gw:concept($m/*:Status, '7307'))),
          gw:kv('category', gw:concept(*:Type, '8233')),
          map{'medicationReference': gw:medication-reference($drug-coding,
              (gw:str($m/*:DrugId/@OT), gw:str($m/*:DrugId/@DN), gw:str($m/*:DrugId/@V), 'Legemiddel')[1])},
          map{'subject': gw:ref($patient-url)},
          gw:kv('context', gw:ref(gw:encounter-url(ancestor::*:Event[1]))),
          gw:kv('dateAsserted', $issued),
          gw:kv('informationSource', gw:ref(gw:hcp-org-url($rprt/*:ServProvider/*:HCP))),
          gw:kv('note', gw:arr(for $c in gw:str($m/*:Comment) return map{'text': $c})),
          gw:kv('dosage', gw:arr(let $d := gw:obj((
              gw:kv('text', gw:str($m/*:DosageText)),
              gw:kv('additionalInstruction', gw:arr(gw:concept($m/*:DosageCoded, ()))),
              gw:kv('route', gw:concept($m/*:RouteOfAdm, ())),
              gw:kv('doseAndRate', gw:arr(for $q in gw:quantity($m/*:UnitDose) return map{'doseQuantity': $q}))))
              return if (map:size($d) eq 0) then () else $d))))"/>
      <xsl:sequence select="gw:entry(gw:medication-url(.), $resource, ())"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
