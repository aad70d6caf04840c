<?xml version="1.0" encoding="UTF-8"?>
<!--
  OBR (one ORU_R01.ORDER_OBSERVATION group, the context item) -> DiagnosticReport + its Observations.
  identifier: OBR-3 filler order number (system: the filler's namespace EI-2, else the sender's), falling back to OBR-2;
  status: table report-status (HL7 0123, OBR-25); code OBR-4 (codes kept as sent); effective OBR-7; issued OBR-22.
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt" xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml" exclude-result-prefixes="#all">

  <xsl:function name="v2:order-identifier" as="map(*)?">
    <xsl:param name="obr" as="element()"/>
    <xsl:variable name="ei" select="($obr/OBR.3[v2:str(EI.1)], $obr/OBR.2[v2:str(EI.1)])[1]"/>
    <xsl:sequence select="if (empty($ei)) then () else map{
        'system': $v2:LOCAL || encode-for-uri((v2:str($ei/EI.2), $v2:sender-ns)[1]) || ':' || (if ($ei/self::OBR.3) then 'filler-order' else 'placer-order'),
        'value': v2:str($ei/EI.1)}"/>
  </xsl:function>

  <xsl:template name="v2:diagnostic-report-entries" as="map(*)*">
    <xsl:variable name="obr" select="OBR" as="element()"/>
    <xsl:variable name="order" select="(v2:order-identifier($obr), map{'system': $v2:LOCAL || encode-for-uri($v2:sender-ns) || ':message-order', 'value': $control-id || '-' || position()})[1]"/>
    <xsl:variable name="effective" select="(v2:date-time($obr/OBR.7), v2:date-time($v2:msh/MSH.7))[1]"/>
    <xsl:variable name="observations" as="map(*)*">
      <xsl:for-each select="ORU_R01.OBSERVATION/OBX">
        <xsl:call-template name="v2:observation-entry">
          <xsl:with-param name="order" select="$order"/>
          <xsl:with-param name="effective" select="$effective"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="resource" select="v2:obj((
        map{'resourceType': 'DiagnosticReport'},
        map{'identifier': array{$order}},
        map{'status': (v2:lookup('report-status', '0123', v2:str($obr/OBR.25))?code, 'unknown')[1]},
        map{'category': array{map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/v2-0074',
            'code': (v2:str($obr/OBR.24), 'LAB')[1]}}}}},
        map{'code': (v2:concept($obr/OBR.4), map{'text': 'Laboratory report'})[1]},
        map{'subject': v2:ref($patient-url)},
        v2:kv('effectiveDateTime', $effective),
        v2:kv('issued', v2:instant($obr/OBR.22)),
        v2:kv('result', v2:arr(for $o in $observations return v2:ref($o?fullUrl)))))"/>
    <xsl:sequence select="v2:entry(v2:url('DiagnosticReport|' || $order?system || '|' || $order?value), $resource,
        'PUT', 'DiagnosticReport?' || v2:search($order), ())"/>
    <xsl:sequence select="$observations"/>
  </xsl:template>
</xsl:stylesheet>
