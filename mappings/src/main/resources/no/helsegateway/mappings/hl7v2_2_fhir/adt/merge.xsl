<?xml version="1.0" encoding="UTF-8"?>
<!--
  A40 merge patient (ADT_A39): PID = the surviving patient, MRG-1 = the prior (merged-away) patient.
  Never a silent overwrite: two FHIRPath patches that only ADD a link to each existing Patient:
    surviving  link {other: prior,     type: replaces}
    prior      link {other: surviving, type: replaced-by}
  The links point by identifier (Reference.identifier), so neither Patient's other data is touched. When either
  patient is unknown to the store the conditional patch finds nothing and the transaction fails (AE, unknown key).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">

  <xsl:function name="v2:link-patch" as="map(*)">
    <xsl:param name="other" as="map(*)"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="map{'resourceType': 'Parameters', 'parameter': array{
        map{'name': 'operation', 'part': array{
          map{'name': 'type', 'valueCode': 'add'},
          map{'name': 'path', 'valueString': 'Patient'},
          map{'name': 'name', 'valueString': 'link'},
          map{'name': 'value', 'part': array{
            map{'name': 'other', 'valueReference': map{'type': 'Patient', 'identifier': $other}},
            map{'name': 'type', 'valueCode': $type}}}}}}}"/>
  </xsl:function>

  <xsl:template name="v2:merge-entries" as="map(*)*">
    <xsl:for-each select="(//MRG)[1]">
      <xsl:variable name="prior" select="v2:key-identifier(MRG.1, 'pi')"/>
      <xsl:if test="exists($prior) and exists($patient-key)">
        <xsl:sequence select="v2:entry($patient-url, v2:link-patch($prior, 'replaces'),
            'PATCH', 'Patient?' || v2:search($patient-key), ())"/>
        <xsl:sequence select="v2:entry(v2:url('Patient|' || $prior?system || '|' || $prior?value), v2:link-patch($patient-key, 'replaced-by'),
            'PATCH', 'Patient?' || v2:search($prior), ())"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
