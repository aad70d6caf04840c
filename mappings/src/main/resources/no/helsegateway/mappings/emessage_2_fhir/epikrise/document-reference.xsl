<?xml version="1.0" encoding="UTF-8"?>
<!-- The original message, byte for byte (base64, application/xml), as a DocumentReference linked to the Composition. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" xmlns:h="http://www.w3.org/1999/xhtml" exclude-result-prefixes="#all">
  <xsl:template name="gw:document-reference-entries" as="map(*)*">
    <xsl:variable name="resource" select="gw:obj((
        map{'resourceType': 'DocumentReference'},
        gw:kv('masterIdentifier', if (matches($msg-id, $UUID)) then map{'system': 'urn:ietf:rfc:3986', 'value': 'urn:uuid:' || $msg-id} else ()),
        map{'status': 'current'},
        map{'type': gw:epikrise-type('Original e-melding (' || $message-type-id || ')')},
        map{'subject': gw:ref($patient-url)},
        gw:kv('date', gw:date-time($msg/*:GenDate)[contains(., 'T')]),
        gw:kv('author', gw:arr(gw:ref(gw:hcp-org-url($rprt/*:ServProvider/*:HCP)))),
        gw:kv('description', gw:str($rprt/*:MsgDescr)),
        map{'content': array{map{
            'attachment': gw:obj((map{'contentType': 'application/xml', 'data': $original-base64},
                gw:kv('title', $message-type-id || ' ' || $msg-id),
                gw:kv('creation', gw:date-time($msg/*:GenDate)))),
            'format': map{'system': 'urn:ietf:rfc:3986', 'code': string(namespace-uri($msg)), 'display': $message-type-id}}}},
        map{'context': gw:obj((
            gw:kv('encounter', gw:arr(gw:ref(gw:encounter-url($rprt/*:Event[1])))),
            map{'related': array{gw:ref($composition-url)}}))}))"/>
    <xsl:sequence select="gw:entry(gw:url('DocumentReference'), $resource, ())"/>
  </xsl:template>
</xsl:stylesheet>
