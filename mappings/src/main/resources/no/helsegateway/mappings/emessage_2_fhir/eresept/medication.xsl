<?xml version="1.0" encoding="UTF-8"?>
<!-- E-resept product (Forskrivning: Legemiddelpakning | LegemiddelMerkevare | LegemiddelVirkestoff | Legemiddelblanding |
     Legemiddeldose, or ReseptDokHandelsvare) -> CodeableConcept: varenummer (package), FEST id, ATC (7180), name.
     Shared by the prescription (M1) and the dispensing reports (M10/M6/M8). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:variable name="VARENR" select="'https://helsegateway.no/fhir/NamingSystem/varenummer'"/>
  <xsl:variable name="FEST" select="'https://helsegateway.no/fhir/NamingSystem/fest-id'"/>

  <!-- The product element under a ReseptDokLegemiddel/ReseptDokHandelsvare parent (Utlevering or Resept) -->
  <xsl:function name="gw:eresept-product" as="element()?">
    <xsl:param name="parent" as="element()"/>
    <xsl:sequence select="($parent/*:ReseptDokLegemiddel/*:Forskrivning/*[*:Atc or *:Varenr or *:Id or *:NavnFormStyrke or *:Navn], $parent/*:ReseptDokHandelsvare)[1]"/>
  </xsl:function>

  <xsl:function name="gw:eresept-medication" as="map(*)">
    <xsl:param name="product" as="element()?"/>
    <xsl:sequence select="gw:obj((
        gw:kv('coding', gw:arr((
            for $v in gw:str($product/*:Varenr) return map{'system': $VARENR, 'code': $v, 'display': (gw:str(($product/*:PakningsinfoResept/*:Varenavn)[1]), gw:str($product/*:NavnFormStyrke))[1]},
            for $f in gw:str($product/*:Id) return map{'system': $FEST, 'code': $f},
            gw:coding($product/*:Atc, '7180')))),
        map{'text': (gw:str($product/*:NavnFormStyrke), gw:str($product/*:Navn), gw:str($product/*:Varenavn), 'Legemiddel')[1]}))"/>
  </xsl:function>
</xsl:stylesheet>
