<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared helpers of every HL7 v2 -> FHIR stylesheet. Input: HL7 v2 XML (namespace urn:hl7-org:v2xml) as written by
  HAPI's DefaultXMLParser from the 2.5.1 model. Output: JSON maps; empty values are dropped.
  Code translation is table look-up (hl7v2_2_fhir/tables/*.csv, handed in as $tables), never xsl:choose on codes.
  Extension functions v2f:name-uuid, v2f:date-time, v2f:date are Java (Hl7v2Functions).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:v2="urn:helsegateway:hl7v2-xslt"
    xmlns:v2f="urn:helsegateway:hl7v2-functions"
    xpath-default-namespace="urn:hl7-org:v2xml"
    exclude-result-prefixes="#all">

  <!-- All code tables: map(table -> map('sourceSystem|code' -> map{system, code, display})) -->
  <xsl:param name="tables" as="map(*)" required="yes"/>
  <!-- Registry row: id, trigger event (MSH-9.2), patient mode (update|create|merge), whether to write the Encounter -->
  <xsl:param name="message-type-id" as="xs:string" required="yes"/>
  <xsl:param name="trigger-event" as="xs:string" required="yes"/>
  <xsl:param name="patient-mode" as="xs:string" required="yes"/>
  <xsl:param name="write-encounter" as="xs:boolean" required="yes"/>
  <!-- De-duplication key of the message: MSH-4 (or MSH-3) and MSH-10 -->
  <xsl:param name="sender-key" as="xs:string" required="yes"/>
  <xsl:param name="control-id" as="xs:string" required="yes"/>

  <xsl:variable name="v2:msh" select="/*/MSH" as="element()"/>
  <!-- The sender's namespace for local identifiers: MSH-4.1, else MSH-3.1 -->
  <xsl:variable name="v2:sender-ns" select="(v2:str($v2:msh/MSH.4/HD.1), v2:str($v2:msh/MSH.3/HD.1), 'unknown')[1]" as="xs:string"/>
  <xsl:variable name="v2:LOCAL" select="'urn:helsegateway:hl7v2:'" as="xs:string"/>

  <xsl:function name="v2:kv" as="map(*)?">
    <xsl:param name="k" as="xs:string"/>
    <xsl:param name="v" as="item()?"/>
    <xsl:sequence select="if (empty($v) or ($v instance of xs:string and $v eq '')) then () else map{$k: $v}"/>
  </xsl:function>

  <xsl:function name="v2:obj" as="map(*)">
    <xsl:param name="parts" as="map(*)*"/>
    <xsl:sequence select="map:merge($parts)"/>
  </xsl:function>

  <xsl:function name="v2:arr" as="array(*)?">
    <xsl:param name="items" as="item()*"/>
    <xsl:sequence select="if (empty($items)) then () else array{ $items }"/>
  </xsl:function>

  <xsl:function name="v2:str" as="xs:string?">
    <xsl:param name="v" as="item()?"/>
    <xsl:variable name="s" select="normalize-space(string($v))"/>
    <xsl:sequence select="if ($s eq '' or $s eq '&quot;&quot;') then () else $s"/>
  </xsl:function>

  <!-- Deterministic fullUrl: name-based UUID of (sender | control id | key) -->
  <xsl:function name="v2:url" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'urn:uuid:' || v2f:name-uuid($sender-key || '|' || $control-id || '|' || $key)"/>
  </xsl:function>

  <xsl:function name="v2:ref" as="map(*)?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="if (empty($url)) then () else map{'reference': $url}"/>
  </xsl:function>

  <xsl:function name="v2:lookup" as="map(*)?">
    <xsl:param name="table" as="xs:string"/>
    <xsl:param name="source-system" as="xs:string"/>
    <xsl:param name="code" as="xs:string?"/>
    <xsl:sequence select="if (empty($code) or $code eq '') then () else $tables($table)($source-system || '|' || $code)"/>
  </xsl:function>

  <xsl:function name="v2:table-coding" as="map(*)?">
    <xsl:param name="t" as="map(*)?"/>
    <xsl:sequence select="if (empty($t)) then () else v2:obj((v2:kv('system', $t?system), v2:kv('code', $t?code), v2:kv('display', $t?display)))"/>
  </xsl:function>

  <!-- HL7 TS/DTM element (TS.1 or text) -> FHIR dateTime / date -->
  <xsl:function name="v2:date-time" as="xs:string?">
    <xsl:param name="ts" as="element()?"/>
    <xsl:sequence select="v2f:date-time(v2:str(($ts/TS.1, $ts)[1]))"/>
  </xsl:function>
  <xsl:function name="v2:date" as="xs:string?">
    <xsl:param name="ts" as="element()?"/>
    <xsl:sequence select="v2f:date(v2:str(($ts/TS.1, $ts)[1]))"/>
  </xsl:function>
  <!-- instant: only when the time is there -->
  <xsl:function name="v2:instant" as="xs:string?">
    <xsl:param name="ts" as="element()?"/>
    <xsl:sequence select="v2:date-time($ts)[contains(., 'T')]"/>
  </xsl:function>

  <!-- Identifier.system of a CX (or EI-like) element: assigning authority (0363), its OID, the identifier type (0203),
       else a local system under the sender's namespace -->
  <xsl:function name="v2:cx-system" as="xs:string">
    <xsl:param name="cx" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="ns" select="v2:str($cx/CX.4/HD.1)"/>
    <xsl:variable name="oid" select="v2:str($cx/CX.4/HD.2)"/>
    <xsl:variable name="type" select="v2:str($cx/CX.5)"/>
    <xsl:sequence select="(v2:lookup('identifier-systems', '0363', $ns)?code,
                           v2:lookup('identifier-systems', 'oid', $oid)?code,
                           if (exists($oid) and v2:str($cx/CX.4/HD.3) = 'ISO') then 'urn:oid:' || $oid else (),
                           v2:lookup('identifier-systems', '0203', $type)?code,
                           $v2:LOCAL || encode-for-uri(($ns, $v2:sender-ns)[1]) || ':' || lower-case(($type, $kind)[1]))[1]"/>
  </xsl:function>

  <xsl:function name="v2:identifier" as="map(*)?">
    <xsl:param name="cx" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="value" select="v2:str($cx/CX.1)"/>
    <xsl:sequence select="if (empty($value)) then () else map{'system': v2:cx-system($cx, $kind), 'value': $value}"/>
  </xsl:function>

  <!-- Whether a system is a Norwegian national person identifier (fødselsnummer / D-nummer) -->
  <xsl:function name="v2:national" as="xs:boolean">
    <xsl:param name="system" as="xs:string?"/>
    <xsl:sequence select="$system = ('urn:oid:2.16.578.1.12.4.1.4.1', 'urn:oid:2.16.578.1.12.4.1.4.2')"/>
  </xsl:function>

  <!-- The key identifier of a CX list: the first national id, else the first one -->
  <xsl:function name="v2:key-identifier" as="map(*)?">
    <xsl:param name="cxs" as="element()*"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="ids" select="for $c in $cxs return v2:identifier($c, $kind)" as="map(*)*"/>
    <xsl:sequence select="($ids[v2:national(?system)], $ids)[1]"/>
  </xsl:function>

  <xsl:function name="v2:search" as="xs:string">
    <xsl:param name="id" as="map(*)"/>
    <xsl:sequence select="'identifier=' || encode-for-uri($id?system) || '|' || encode-for-uri($id?value)"/>
  </xsl:function>

  <!-- CE/CWE (components .1-.6: code, text, system, alternate code, text, system) -> CodeableConcept; codes kept as sent -->
  <xsl:function name="v2:concept" as="map(*)?">
    <xsl:param name="ce" as="element()?"/>
    <xsl:variable name="p" select="local-name(($ce/*)[1]) => substring-before('.')"/>
    <xsl:variable name="codings" select="for $i in (0, 3) return
        let $code := v2:str($ce/*[local-name() eq $p || '.' || (1 + $i)]),
            $text := v2:str($ce/*[local-name() eq $p || '.' || (2 + $i)]),
            $sys  := v2:str($ce/*[local-name() eq $p || '.' || (3 + $i)])
        return if (empty($code)) then () else v2:obj((
            v2:kv('system', v2:lookup('coding-systems', '0396', $sys)?code),
            map{'code': $code}, v2:kv('display', $text)))" as="map(*)*"/>
    <xsl:variable name="text" select="(v2:str($ce/*[local-name() eq $p || '.2']), v2:str($ce/*[local-name() eq $p || '.9']))[1]"/>
    <xsl:sequence select="if (empty($codings) and empty($text)) then () else
        v2:obj((v2:kv('coding', v2:arr($codings)), v2:kv('text', $text)))"/>
  </xsl:function>

  <!-- One transaction entry -->
  <xsl:function name="v2:entry" as="map(*)">
    <xsl:param name="full-url" as="xs:string"/>
    <xsl:param name="resource" as="map(*)"/>
    <xsl:param name="method" as="xs:string"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:param name="if-none-exist" as="xs:string?"/>
    <xsl:sequence select="map{'fullUrl': $full-url, 'resource': $resource,
        'request': v2:obj((map{'method': $method, 'url': $url}, v2:kv('ifNoneExist', $if-none-exist)))}"/>
  </xsl:function>

  <!-- The Bundle around the entries -->
  <xsl:function name="v2:bundle" as="map(*)">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:sequence select="v2:obj((
        map{'resourceType': 'Bundle'},
        map{'identifier': map{'system': $v2:LOCAL || encode-for-uri($v2:sender-ns) || ':message', 'value': $control-id}},
        map{'type': 'transaction'},
        v2:kv('timestamp', v2:instant($v2:msh/MSH.7)),
        map{'entry': array{$entries}}))"/>
  </xsl:function>
</xsl:stylesheet>
