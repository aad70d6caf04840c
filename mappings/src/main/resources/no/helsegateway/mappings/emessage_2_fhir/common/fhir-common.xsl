<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared helpers for every e-message -> FHIR stylesheet: JSON-building helpers that drop empty values,
  deterministic urn:uuid fullUrls, KITH CV/CS -> Coding, code-table look-up (data, never xsl:choose on codes),
  and the XHTML narrative builder. Extension functions (gw:name-uuid, gw:fhir-date-time, gw:translate-concept)
  are registered in Java (GatewayFunctions).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:gw="urn:helsegateway:xslt-functions"
    xmlns:h="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all">

  <!-- All code tables: map(table -> map('sourceSystem|code' -> map{system, code, display})), from CodeTables.java -->
  <xsl:param name="tables" as="map(*)" required="yes"/>
  <!-- The original message bytes, base64 (DocumentReference attachment) -->
  <xsl:param name="original-base64" as="xs:string" required="yes"/>
  <!-- Registry id of the detected message type, e.g. epikrise-1.2 -->
  <xsl:param name="message-type-id" as="xs:string" required="yes"/>

  <xsl:variable name="gw:XHTML" select="'http://www.w3.org/1999/xhtml'"/>
  <xsl:variable name="gw:KODEVERK" select="'urn:oid:2.16.578.1.12.4.1.1.'"/>
  <xsl:variable name="gw:WARNING" select="'urn:helsegateway:translation-warning'"/>
  <xsl:variable name="gw:EXT" select="'https://helsegateway.no/fhir/StructureDefinition/'"/>

  <!-- map{$k: $v} unless $v is empty or the empty string -->
  <xsl:function name="gw:kv" as="map(*)?">
    <xsl:param name="k" as="xs:string"/>
    <xsl:param name="v" as="item()?"/>
    <xsl:sequence select="if (empty($v) or ($v instance of xs:string and $v eq '')) then () else map{$k: $v}"/>
  </xsl:function>

  <xsl:function name="gw:obj" as="map(*)">
    <xsl:param name="parts" as="map(*)*"/>
    <xsl:sequence select="map:merge($parts)"/>
  </xsl:function>

  <!-- A JSON array of the items, or nothing when there are none -->
  <xsl:function name="gw:arr" as="array(*)?">
    <xsl:param name="items" as="item()*"/>
    <xsl:sequence select="if (empty($items)) then () else array{ $items }"/>
  </xsl:function>

  <!-- Namespace-free, position-qualified path (stable across versions): /Message[1]/ServRprt[1]/... -->
  <xsl:function name="gw:path" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="'/' || string-join(for $e in $n/ancestor-or-self::* return
        local-name($e) || '[' || (count($e/preceding-sibling::*[local-name() eq local-name($e)]) + 1) || ']', '/')"/>
  </xsl:function>

  <xsl:function name="gw:str" as="xs:string?">
    <xsl:param name="v" as="item()?"/>
    <xsl:variable name="s" select="normalize-space(string($v))"/>
    <xsl:sequence select="if ($s eq '') then () else $s"/>
  </xsl:function>

  <!-- Deterministic fullUrl: name-based UUID of (message id | key) -->
  <xsl:function name="gw:full-url" as="xs:string">
    <xsl:param name="msg-id" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'urn:uuid:' || gw:name-uuid($msg-id || '|' || $key)"/>
  </xsl:function>

  <xsl:function name="gw:ref" as="map(*)?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="if (empty($url)) then () else map{'reference': $url}"/>
  </xsl:function>

  <!-- Code-table look-up: the target map{system, code, display} or () -->
  <xsl:function name="gw:lookup" as="map(*)?">
    <xsl:param name="table" as="xs:string"/>
    <xsl:param name="source-system" as="xs:string"/>
    <xsl:param name="code" as="xs:string?"/>
    <xsl:sequence select="if (empty($code) or $code eq '') then () else $tables($table)($source-system || '|' || $code)"/>
  </xsl:function>

  <!-- Coding from a table target -->
  <xsl:function name="gw:target-coding" as="map(*)?">
    <xsl:param name="t" as="map(*)?"/>
    <xsl:sequence select="if (empty($t)) then () else gw:obj((gw:kv('system', $t?system), gw:kv('code', $t?code), gw:kv('display', $t?display)))"/>
  </xsl:function>

  <!-- KITH CV/CS element -> Coding; S (OID) wins, else the given Volven kodeverk number -->
  <xsl:function name="gw:coding" as="map(*)?">
    <xsl:param name="cv" as="element()?"/>
    <xsl:param name="kodeverk" as="xs:string?"/>
    <xsl:variable name="system" select="if ($cv/@S) then 'urn:oid:' || normalize-space($cv/@S)
                                        else if ($kodeverk) then $gw:KODEVERK || $kodeverk else ()"/>
    <xsl:sequence select="if (empty($cv) or (empty(gw:str($cv/@V)) and empty(gw:str($cv/@DN)))) then ()
                          else gw:obj((gw:kv('system', $system), gw:kv('code', gw:str($cv/@V)), gw:kv('display', gw:str($cv/@DN))))"/>
  </xsl:function>

  <!-- KITH CV -> CodeableConcept (text = original text or display) -->
  <xsl:function name="gw:concept" as="map(*)?">
    <xsl:param name="cv" as="element()?"/>
    <xsl:param name="kodeverk" as="xs:string?"/>
    <xsl:variable name="c" select="gw:coding($cv, $kodeverk)"/>
    <xsl:sequence select="if (empty($c)) then () else
        gw:obj((gw:kv('coding', gw:arr($c)), gw:kv('text', (gw:str($cv/@OT), gw:str($cv/@DN))[1])))"/>
  </xsl:function>

  <xsl:function name="gw:date-time" as="xs:string?">
    <xsl:param name="ts" as="item()?"/>
    <xsl:sequence select="gw:fhir-date-time(gw:str(if ($ts instance of element()) then $ts/@V else $ts))"/>
  </xsl:function>

  <!-- Transaction entry; conditional create when $if-none-exist is given -->
  <xsl:function name="gw:entry" as="map(*)">
    <xsl:param name="full-url" as="xs:string"/>
    <xsl:param name="resource" as="map(*)"/>
    <xsl:param name="if-none-exist" as="xs:string?"/>
    <xsl:sequence select="map{
        'fullUrl': $full-url,
        'resource': $resource,
        'request': gw:obj((map{'method': 'POST', 'url': $resource?resourceType}, gw:kv('ifNoneExist', $if-none-exist)))}"/>
  </xsl:function>

  <xsl:function name="gw:identifier" as="map(*)?">
    <xsl:param name="system" as="xs:string?"/>
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="if (empty($value)) then () else gw:obj((gw:kv('system', $system), gw:kv('value', $value)))"/>
  </xsl:function>

  <!-- Narrative: the given nodes (sender XHTML is kept, other markup becomes text) wrapped in an XHTML div -->
  <xsl:function name="gw:narrative" as="map(*)">
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="status" as="xs:string"/>
    <xsl:variable name="div" as="element()">
      <xsl:element name="div" namespace="http://www.w3.org/1999/xhtml">
        <xsl:apply-templates select="$content" mode="gw:xhtml"/>
      </xsl:element>
    </xsl:variable>
    <!-- the div stays an element node: BundleAssembler builds HAPI's XhtmlNode from it (no serialise/re-parse) -->
    <xsl:sequence select="map{'status': $status, 'div': $div}"/>
  </xsl:function>

  <xsl:template match="*[namespace-uri() eq 'http://www.w3.org/1999/xhtml']" mode="gw:xhtml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1999/xhtml">
      <xsl:copy-of select="@colspan | @rowspan | @title | @class"/>
      <xsl:apply-templates mode="gw:xhtml"/>
    </xsl:element>
  </xsl:template>
  <!-- Non-XHTML elements (our own narrative building blocks are XHTML already): keep their text -->
  <xsl:template match="*" mode="gw:xhtml">
    <xsl:apply-templates mode="gw:xhtml"/>
  </xsl:template>
  <xsl:template match="text()" mode="gw:xhtml">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="gw:xhtml"/>

  <xsl:variable name="gw:UUID-PATTERN" select="'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'"/>

  <!-- A message/document id as Identifier: UUIDs as urn:uuid, anything else in the gateway's KITH id namespace -->
  <xsl:function name="gw:message-identifier" as="map(*)?">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:param name="namespace" as="xs:string"/>
    <xsl:sequence select="if (empty($id)) then () else if (matches($id, $gw:UUID-PATTERN))
        then map{'system': 'urn:ietf:rfc:3986', 'value': 'urn:uuid:' || lower-case($id)}
        else map{'system': 'https://helsegateway.no/fhir/NamingSystem/' || $namespace, 'value': $id}"/>
  </xsl:function>

  <!-- Document type of a message (DocumentReference.type, Composition.type): kodeverk 9602 from the document-type table
       (keyed by the 8279 message type; no-basis binds these elements to 9602, required), then the given codings
       (LOINC, the 8279 type) for readers that do not know 9602 -->
  <xsl:function name="gw:document-type" as="map(*)">
    <xsl:param name="type8279" as="xs:string?"/>
    <xsl:param name="more" as="map(*)*"/>
    <xsl:sequence select="map{'coding': array{gw:target-coding(gw:lookup('document-type', '8279', $type8279)), $more}}"/>
  </xsl:function>

  <!-- Code systems of diagnoses (gw-Condition, gw-con-1): a "diagnosis" coded otherwise is not a Condition -->
  <xsl:variable name="gw:DIAGNOSIS-SYSTEMS" select="('urn:oid:2.16.578.1.12.4.1.1.7110', 'urn:oid:2.16.578.1.12.4.1.1.7170',
      'http://hl7.org/fhir/sid/icpc-2', 'http://snomed.info/sct')"/>

  <!-- $key, made unique among $peers (the items of the same kind in this message) by its occurrence among equal keys -->
  <xsl:function name="gw:nth-key" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:param name="peers" as="element()*"/>
    <xsl:param name="key-of" as="function(element()) as xs:string"/>
    <xsl:variable name="key" select="$key-of($item)"/>
    <xsl:sequence select="$key || '|' || count($peers[. &lt;&lt; $item][$key-of(.) eq $key])"/>
  </xsl:function>

  <!-- Transaction entry that creates the resource or replaces the earlier version of it: PUT to a resource id derived from
       $key, which names the document across its new, changed and cancelled versions plus the item within it. A later
       version thus updates the resource instead of adding a second one; no search is needed (an identifier would not
       do for every type: no-basis MedicationStatement.identifier has a PLL-id slice the validator cannot evaluate). -->
  <xsl:function name="gw:upsert" as="map(*)">
    <xsl:param name="full-url" as="xs:string"/>
    <xsl:param name="resource" as="map(*)"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="map{
        'fullUrl': $full-url,
        'resource': $resource,
        'request': map{'method': 'PUT', 'url': $resource?resourceType || '/' || gw:name-uuid($key)}}"/>
  </xsl:function>

  <!-- MedicationStatement.medicationReference (no-basis: a Reference; a no-basis Medication needs a FEST id and form the
       legacy messages do not carry): a logical reference, identified by the ATC code when there is one, named by display -->
  <xsl:function name="gw:medication-reference" as="map(*)">
    <xsl:param name="atc" as="map(*)?"/>
    <xsl:param name="display" as="xs:string"/>
    <xsl:sequence select="gw:obj((
        gw:kv('identifier', if (exists($atc?code)) then map{'system': ($atc?system, $gw:KODEVERK || '7180')[1], 'value': $atc?code} else ()),
        map{'display': $display}))"/>
  </xsl:function>

  <!-- The original message as a DocumentReference resource (the bytes are set by BundleAssembler) -->
  <xsl:function name="gw:original-document" as="map(*)">
    <xsl:param name="msg-id" as="xs:string"/>
    <xsl:param name="type" as="map(*)"/>
    <xsl:param name="subject" as="xs:string?"/>
    <xsl:param name="author" as="xs:string?"/>
    <xsl:param name="issued" as="xs:string?"/>
    <xsl:param name="format" as="xs:string"/>
    <xsl:param name="related" as="xs:string*"/>
    <xsl:sequence select="gw:obj((
        map{'resourceType': 'DocumentReference'},
        gw:kv('masterIdentifier', gw:message-identifier($msg-id, 'kith-msgid')),
        map{'status': 'current'},
        map{'type': map:put($type, 'text', 'Original e-melding (' || $message-type-id || ')')},
        gw:kv('subject', gw:ref($subject)),
        gw:kv('date', $issued[contains(., 'T')]),
        gw:kv('author', gw:arr(gw:ref($author))),
        map{'content': array{map{
            'attachment': gw:obj((map{'contentType': 'application/xml', 'data': $original-base64},
                map{'title': $message-type-id || ' ' || $msg-id}, gw:kv('creation', $issued))),
            'format': map{'system': 'urn:ietf:rfc:3986', 'code': $format, 'display': $message-type-id}}}},
        gw:kv('context', if (empty($related)) then () else map{'related': array{$related ! gw:ref(.)}})))"/>
  </xsl:function>

  <!-- Generic rendering of an element with no structured home: names and values, nested -->
  <xsl:template match="*" mode="gw:dump">
    <h:li><h:b><xsl:value-of select="local-name()"/></h:b>
      <xsl:for-each select="@*"><xsl:text> </xsl:text><xsl:value-of select="local-name() || '=' || ."/></xsl:for-each>
      <xsl:if test="not(*) and normalize-space()">: <xsl:value-of select="normalize-space()"/></xsl:if>
      <xsl:if test="*"><h:ul><xsl:apply-templates select="*" mode="gw:dump"/></h:ul></xsl:if>
    </h:li>
  </xsl:template>

  <!-- Person names, telecom, addresses (KITH Patient/HCP and MsgHead) -->
  <xsl:function name="gw:human-name" as="map(*)?">
    <xsl:param name="name" as="xs:string?"/>
    <!-- KITH writes "Family, Given Middle" -->
    <xsl:sequence select="if (empty($name)) then () else gw:obj((
        map{'use': 'official', 'text': $name},
        if (contains($name, ',')) then (
          gw:kv('family', gw:str(substring-before($name, ','))),
          gw:kv('given', gw:arr(tokenize(normalize-space(substring-after($name, ',')), ' ')[. ne ''])))
        else ()))"/>
  </xsl:function>

  <xsl:function name="gw:telecom" as="map(*)?">
    <xsl:param name="url" as="xs:string?"/>
    <!-- URL scheme (not a code value) decides the ContactPoint system -->
    <xsl:sequence select="if (empty($url)) then () else
        if (starts-with($url, 'tel:')) then map{'system': 'phone', 'value': substring-after($url, 'tel:'), 'use': 'work'}
        else if (starts-with($url, 'mailto:')) then map{'system': 'email', 'value': substring-after($url, 'mailto:'), 'use': 'work'}
        else map{'system': 'url', 'value': $url}"/>
  </xsl:function>

  <xsl:function name="gw:address" as="map(*)?">
    <xsl:param name="a" as="element()?"/>
    <xsl:sequence select="if (empty($a) or empty(($a/*:StreetAdr, $a/*:PostalCode, $a/*:City))) then () else gw:obj((
        gw:kv('line', gw:arr(gw:str($a/*:StreetAdr))),
        gw:kv('postalCode', gw:str($a/*:PostalCode)),
        gw:kv('city', gw:str($a/*:City)),
        gw:kv('district', gw:str($a/*:County/@DN)),
        gw:kv('country', gw:str($a/*:Country/@V))))"/>
  </xsl:function>

  <!-- Terminology enrichment: the source coding plus what the terminology module maps it to (never replaces it) -->
  <xsl:function name="gw:enriched-codings" as="map(*)*">
    <xsl:param name="coding" as="map(*)?"/>
    <xsl:param name="target-system" as="xs:string"/>
    <xsl:param name="age" as="xs:integer?"/>
    <xsl:param name="gender" as="xs:string?"/>
    <xsl:sequence select="$coding"/>
    <xsl:if test="exists($coding?system) and exists($coding?code) and $coding?system ne $target-system">
      <xsl:for-each select="gw:translate-concept($coding?system, $coding?code, $target-system, $age, $gender)">
        <xsl:sequence select="gw:obj((gw:kv('system', .?system), gw:kv('code', .?code), gw:kv('display', .?display)))"/>
      </xsl:for-each>
    </xsl:if>
  </xsl:function>
</xsl:stylesheet>
