<?xml version="1.0" encoding="UTF-8"?>
<!-- InfItem/ResultItem -> Observation (numeric, interval, date or text result). Results sent only as XHTML
     (e.g. a lab table in FUNN text) stay in the Composition narrative. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:function name="gw:observation-url" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="gw:url('Observation|' || gw:path($item))"/>
  </xsl:function>

  <xsl:template name="gw:observation-entries" as="map(*)*">
    <xsl:for-each select="$rprt/*:Event/*:InfItem[*:ResultItem]">
      <xsl:variable name="r" select="*:ResultItem"/>
      <xsl:variable name="value" as="map(*)?" select="
          if ($r/*:NumResult) then gw:kv('valueQuantity', gw:quantity($r/*:NumResult/*:NumResultValue))
          else if ($r/*:Interval) then map{'valueRange': gw:obj((gw:kv('low', gw:quantity($r/*:Interval/*:Low)), gw:kv('high', gw:quantity($r/*:Interval/*:High))))}
          else if ($r/*:DateResult) then gw:kv('valueDateTime', gw:date-time($r/*:DateResult/*:DateResultValue))
          else gw:kv('valueString', gw:str($r/*:TextResult))"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Observation'},
          map{'status': 'final'},
          map{'code': (gw:concept($r/*:ClinInv/*:Id, ()), map{'text': 'Undersøkelse'})[1]},
          map{'subject': gw:ref($patient-url)},
          gw:kv('encounter', gw:ref(gw:encounter-url(ancestor::*:Event[1]))),
          gw:kv('effectiveDateTime', gw:date-time($r/*:InvDate)),
          $value,
          gw:kv('specimen', ()),
          gw:kv('note', gw:arr((for $c in gw:str($r/*:Comment) return map{'text': $c},
                                for $c in $r/*:DiagComment return map{'text': string-join(($c/*:Concept/@DN, $c/*:Concept/@V), ' ')})))))"/>
      <xsl:sequence select="gw:entry(gw:observation-url(.), $resource, ())"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
