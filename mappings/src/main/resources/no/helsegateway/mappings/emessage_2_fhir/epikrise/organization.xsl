<?xml version="1.0" encoding="UTF-8"?>
<!-- Every institution (Inst) and department (Dept) -> Organization, de-duplicated by identifier; conditional create on HER-id/org.nr. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:function name="gw:org-system" as="xs:string?">
    <xsl:param name="o" as="element()"/>
    <xsl:sequence select="gw:lookup('identifier-systems', '9051', gw:str($o/*:TypeId/@V))?code"/>
  </xsl:function>

  <xsl:function name="gw:org-key" as="xs:string">
    <xsl:param name="o" as="element()"/>
    <xsl:variable name="sys" select="gw:org-system($o)"/>
    <xsl:variable name="id" select="gw:str($o/*:Id)"/>
    <xsl:sequence select="if (exists($sys) and exists($id)) then 'Organization|' || $sys || '|' || $id else 'Organization|' || gw:path($o)"/>
  </xsl:function>

  <xsl:function name="gw:org-url" as="xs:string?">
    <xsl:param name="o" as="element()?"/>
    <xsl:sequence select="if (empty($o)) then () else gw:url(gw:org-key($o))"/>
  </xsl:function>

  <!-- The most specific organisation of an HCP: its department if any, else the institution -->
  <xsl:function name="gw:hcp-org-url" as="xs:string?">
    <xsl:param name="hcp" as="element()?"/>
    <xsl:sequence select="gw:org-url(($hcp/*:Inst/*:Dept, $hcp/*:Inst)[1])"/>
  </xsl:function>

  <xsl:template name="gw:organization-entries" as="map(*)*">
    <xsl:for-each-group select="$rprt//*:Inst | $rprt//*:Inst/*:Dept" group-by="gw:org-key(.)">
      <xsl:variable name="o" select="current-group()[1]"/>
      <xsl:variable name="sys" select="gw:org-system($o)"/>
      <xsl:variable name="id" select="gw:str($o/*:Id)"/>
      <xsl:variable name="names" select="distinct-values(current-group()/*:Name ! gw:str(.))"/>
      <xsl:variable name="resource" select="gw:obj((
          map{'resourceType': 'Organization'},
          gw:kv('identifier', gw:arr((gw:identifier($sys, $id[exists($sys)]),
              for $a in $o/*:AdditionalId return gw:identifier(gw:lookup('identifier-systems', '9051', gw:str($a/*:Type/@V))?code, gw:str($a/*:Id))))),
          map{'active': true()},
          gw:kv('name', $names[1]),
          gw:kv('alias', gw:arr(subsequence($names, 2))),
          gw:kv('partOf', if (local-name($o) eq 'Dept') then gw:ref(gw:org-url($o/..)) else ())))"/>
      <xsl:sequence select="gw:entry(gw:url(current-grouping-key()), $resource,
          if (exists($sys) and exists($id)) then 'identifier=' || $sys || '|' || $id else ())"/>
    </xsl:for-each-group>
  </xsl:template>
</xsl:stylesheet>
