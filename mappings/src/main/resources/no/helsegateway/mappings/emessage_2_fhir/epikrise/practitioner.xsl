<?xml version="1.0" encoding="UTF-8"?>
<!-- Health-care professionals (HCProf, HCPerson) -> Practitioner, de-duplicated; conditional create on HPR/HER.
     A non-numeric id (e.g. the official sample's HPR "xxx") is not used as identifier: the Practitioner is created
     by name only and a translation warning is tagged on the Bundle (the value stays in the attached original). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:function name="gw:practitioner-system" as="xs:string?">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="gw:lookup('identifier-systems', '8116', gw:str($p/*:TypeId/@V))?code"/>
  </xsl:function>

  <xsl:function name="gw:practitioner-id" as="xs:string?">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="gw:str($p/*:Id)[matches(., '^[0-9]+$')]"/>
  </xsl:function>

  <xsl:function name="gw:practitioner-key" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="sys" select="gw:practitioner-system($p)"/>
    <xsl:variable name="id" select="gw:practitioner-id($p)"/>
    <xsl:sequence select="if (exists($sys) and exists($id)) then 'Practitioner|' || $sys || '|' || $id else 'Practitioner|' || gw:path($p)"/>
  </xsl:function>

  <xsl:function name="gw:practitioner-url" as="xs:string?">
    <xsl:param name="p" as="element()?"/>
    <xsl:sequence select="if (empty($p)) then () else gw:url(gw:practitioner-key($p))"/>
  </xsl:function>

  <xsl:template name="gw:practitioner-entries" as="map(*)*">
    <xsl:for-each-group select="$rprt//*:HCProf | $rprt//*:Inst/*:HCPerson" group-by="gw:practitioner-key(.)">
      <xsl:variable name="p" select="current-group()[1]"/>
      <xsl:variable name="sys" select="gw:practitioner-system($p)"/>
      <xsl:variable name="id" select="gw:practitioner-id($p)"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Practitioner'},
          gw:kv('identifier', gw:arr(gw:identifier($sys, $id[exists($sys)]))),
          map{'active': true()},
          gw:kv('name', gw:arr(for $n in gw:str($p/*:Name) return map{'text': $n})),
          gw:kv('telecom', gw:arr(distinct-values(current-group()/../../*:Address/*:TeleAddress/@V ! gw:str(.)) ! gw:telecom(.)))))"/>
      <xsl:sequence select="gw:entry(gw:url(current-grouping-key()), $resource,
          if (exists($sys) and exists($id)) then 'identifier=' || $sys || '|' || $id else ())"/>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template name="gw:practitioner-warnings" as="map(*)*">
    <xsl:for-each select="($rprt//*:HCProf | $rprt//*:Inst/*:HCPerson)[exists(gw:str(*:Id)) and empty(gw:practitioner-id(.))]">
      <xsl:sequence select="map{'system': $gw:WARNING, 'code': 'practitioner-identifier-ignored',
          'display': 'Non-numeric ' || gw:str(*:TypeId/@V) || ' identifier not used at ' || gw:path(.)}"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
