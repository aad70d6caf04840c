<?xml version="1.0" encoding="UTF-8"?>
<!-- Coded clinical observations (InfItem/Observation/CodedDescr: ICD-10 7110, ICPC-2 7170, ...) -> Condition.
     Codings are kept as sent (system urn:oid:<S>) and enriched through the terminology module (gw:translate-concept,
     target SNOMED CT). A KITH Modifier (e.g. the ICD-10 asterisk code, Name V="S") is kept as the extension
     https://helsegateway.no/fhir/StructureDefinition/kith-concept-modifier with sub-extensions name and value (valueCoding):
     an asterisk code is a different concept (manifestation), so it is NOT a second coding of the same concept. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:variable name="SNOMED" select="'http://snomed.info/sct'"/>

  <xsl:function name="gw:condition-url" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="gw:url('Condition|' || gw:path($item))"/>
  </xsl:function>

  <xsl:template name="gw:condition-entries" as="map(*)*">
    <xsl:for-each select="$rprt/*:Event/*:InfItem[*:Observation/*:CodedDescr]">
      <xsl:variable name="descr" select="*:Observation/*:CodedDescr"/>
      <xsl:variable name="concept" select="$descr/*:Concept"/>
      <xsl:variable name="modifiers" select="for $m in $descr/*:Modifier return map{
          'url': $gw:EXT || 'kith-concept-modifier',
          'extension': array{
            for $n in gw:coding($m/*:Name, ()) return map{'url': 'name', 'valueCoding': $n},
            for $v in gw:coding($m/*:Value, ()) return map{'url': 'value', 'valueCoding': $v}}}"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Condition'},
          gw:kv('extension', gw:arr($modifiers)),
          map{'category': array{
              map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/condition-category', 'code': 'encounter-diagnosis', 'display': 'Encounter Diagnosis'}}},
              gw:concept(*:Type, '8233')}},
          map{'code': gw:obj((
              gw:kv('coding', gw:arr(gw:enriched-codings(gw:coding($concept, ()), $SNOMED, $patient-age, $patient-gender))),
              gw:kv('text', (gw:str($concept/@OT), gw:str($concept/@DN), gw:str($concept/@V))[1])))},
          map{'subject': gw:ref($patient-url)},
          gw:kv('encounter', gw:ref(gw:encounter-url(ancestor::*:Event[1]))),
          gw:kv('onsetDateTime', gw:date-time(*:StartDateTime)),
          gw:kv('recordedDate', $issued),
          gw:kv('note', gw:arr(for $t in *:Observation/*:Description[normalize-space()] return map{'text': normalize-space($t)}))))"/>
      <xsl:sequence select="gw:entry(gw:condition-url(.), $resource, ())"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
