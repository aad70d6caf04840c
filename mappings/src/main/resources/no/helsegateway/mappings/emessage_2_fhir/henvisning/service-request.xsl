<?xml version="1.0" encoding="UTF-8"?>
<!--
  The referral itself, shared by Henvisning 1.0/1.1 (Message/ServReq) and 2.0 (MsgHead Content/Henvisning); the entry
  stylesheets set $ref (the referral element), $referral-id (what an Epikrise quotes), $referral-stable-id (same in the
  new/changed/cancelled versions), $requester-url, $performer-url, $patient-url, $issued.
  -> ServiceRequest (identifier = the referral id an Epikrise quotes in ServReq/Id; requester, performer, priority (8304
     table), status (7309 table), reasonReference = the diagnoses, supportingInfo = anamnesis/medication/findings,
     note = ReasonAsText with heading), Condition per Diagnosis (ICD-10 7110 / ICPC-2 7170 kept as sent, enriched via
     terminology), MedicationStatement per medication item (InfItem Type MEDB or Medication), Observation per other
     clinical text item (anamnesis ANAM, findings FUNN, CAVE ...).
-->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:array="http://www.w3.org/2005/xpath-functions/array" xmlns:gw="urn:helsegateway:xslt-functions" exclude-result-prefixes="#all">
  <xsl:variable name="SNOMED" select="'http://snomed.info/sct'"/>
  <xsl:variable name="service-request-url" select="gw:url('ServiceRequest')"/>
  <!-- The id that stays the same across new/changed/cancelled versions: 1.x ServReq/Id, 2.0 DocumentId -->
  <xsl:variable name="stable-identifier" select="gw:message-identifier($referral-stable-id, 'kith-referral-id')"/>
  <xsl:variable name="ref-items" select="($ref/*:InfItem, $ref/*:Patient/*:InfItem)"/>
  <xsl:variable name="ref-medications" select="$ref-items[*:Medication or *:Type/@V eq 'MEDB']"/>
  <xsl:variable name="ref-observations" select="$ref-items[not(*:Medication or *:Type/@V eq 'MEDB')][*:Observation or *:ResultItem]"/>

  <xsl:function name="gw:ref-item-url" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="gw:url($type || '|' || gw:path($item))"/>
  </xsl:function>

  <!-- Item keys that stay the same across the new/changed/cancelled versions of one referral: with the stable referral id
       they give each Condition, MedicationStatement and Observation a business identifier (gw:upsert), so a changed
       referral updates them instead of adding a second copy -->
  <xsl:variable name="referral-key" select="'referral|' || $referral-stable-id"/>
  <xsl:function name="gw:concept-key" as="xs:string">
    <xsl:param name="c" as="element()"/>
    <xsl:sequence select="gw:str($c/@S) || '|' || gw:str($c/@V)"/>
  </xsl:function>
  <xsl:function name="gw:ref-medication-key" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="(replace(gw:str($item/*:Medication/*:DrugId/@V), '\s+', ''), gw:str($item/*:Medication/*:DrugId/@DN), gw:item-text($item), '')[1]"/>
  </xsl:function>
  <xsl:function name="gw:ref-observation-key" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="(gw:str($item/*:Type/@V), '')[1]"/>
  </xsl:function>

  <xsl:function name="gw:item-text" as="xs:string?">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="gw:str(string-join(($item/*:Observation/*:Description, $item/*:ResultItem/*:TextResult, $item/*:Medication/(*:DrugId/@OT, *:DrugId/@DN, *:DosageText)) ! normalize-space(.), ' '))"/>
  </xsl:function>

  <xsl:template name="gw:referral-entries" as="map(*)*">
    <!-- Diagnoses coded in a diagnosis code system become Conditions; anything else the sender put there (e.g. a code
         labelled with the ATC system) stays a coded reason on the referral, as sent -->
    <xsl:variable name="conditions" select="$ref/*:Diagnosis/*:Concept[('urn:oid:' || gw:str(@S)) = $gw:DIAGNOSIS-SYSTEMS]"/>
    <xsl:variable name="other-reasons" select="$ref/*:Diagnosis/*:Concept except $conditions"/>
    <xsl:variable name="status" select="(gw:lookup('request-status', '7309', gw:str($ref/*:ServType/@V))?code, 'active')[1]"/>
    <xsl:variable name="priority" select="gw:lookup('request-priority', '8304', gw:str($ref/*:ReqServ/*:Priority/@V))?code"/>
    <!-- What is requested: 1.x MsgDescr (8455), 2.0 po:TypeInnholdIMelding/TypeInnhold, else ReqServ/Service -->
    <xsl:variable name="code" select="(gw:concept($ref/*:MsgDescr, '8455'), gw:concept(($ref/*:TypeInnholdIMelding/*:TypeInnhold)[1], ()),
        gw:concept($ref/*:ReqServ/*:Service, ()))[1]"/>
    <xsl:variable name="resource" select="gw:obj((
        map{'resourceType': 'ServiceRequest'},
        map{'identifier': array{$stable-identifier, gw:message-identifier($referral-id[. ne $referral-stable-id], 'kith-referral-id')}},
        map{'status': $status},
        map{'intent': 'order'},
        map{'category': array{map{'coding': array{map{'system': 'http://snomed.info/sct', 'code': '3457005', 'display': 'Patient referral'}}, 'text': 'Henvisning'}}},
        gw:kv('priority', $priority),
        gw:kv('code', $code),
        map{'subject': gw:ref($patient-url)},
        gw:kv('authoredOn', (gw:date-time($ref/*:IssueDate), $issued)[1]),
        gw:kv('requester', gw:ref($requester-url)),
        gw:kv('performer', gw:arr(gw:ref($performer-url))),
        gw:kv('reasonCode', gw:arr(($other-reasons ! gw:concept(., ()), if (exists(($conditions, $other-reasons))) then () else
            for $r in $ref/*:ReasonAsText[*:Heading/@V eq 'PROB'] return map{'text': normalize-space($r/*:TextResultValue)}))),
        gw:kv('reasonReference', gw:arr($conditions ! gw:ref(gw:ref-item-url(., 'Condition')))),
        gw:kv('supportingInfo', gw:arr((($ref-medications ! gw:ref-item-url(., 'MedicationStatement')), ($ref-observations ! gw:ref-item-url(., 'Observation'))) ! gw:ref(.))),
        gw:kv('note', gw:arr((
            for $r in $ref/*:ReasonAsText return map{'text': string-join((gw:str($r/*:Heading/@DN), normalize-space($r/*:TextResultValue)), ': ')},
            for $c in ($ref/*:ReqComment, $ref/*:ReqServ/*:Comment, $ref/*:Comment/*:TextResultValue)[normalize-space()] return map{'text': normalize-space($c)})))))"/>
    <!-- New, changed and cancelled versions of one referral update ONE ServiceRequest (conditional update on the stable id) -->
    <xsl:sequence select="map{'fullUrl': $service-request-url, 'resource': $resource,
        'request': map{'method': 'PUT', 'url': 'ServiceRequest?identifier=' || $stable-identifier?system || '|' || $stable-identifier?value}}"/>
    <xsl:for-each select="$conditions">
      <xsl:variable name="c" select="."/>
      <xsl:sequence select="gw:upsert(gw:ref-item-url(., 'Condition'), gw:obj((
          map{'resourceType': 'Condition'},
          map{'category': array{map{'coding': array{map{'system': 'http://terminology.hl7.org/CodeSystem/condition-category', 'code': 'problem-list-item', 'display': 'Problem List Item'}}, 'text': 'Henvisningsdiagnose'}}},
          map{'code': gw:obj((
              gw:kv('coding', gw:arr(gw:enriched-codings(gw:coding($c, ()), $SNOMED, $patient-age, $patient-gender))),
              gw:kv('text', (gw:str($c/@OT), gw:str($c/@DN), gw:str($c/@V))[1])))},
          map{'subject': gw:ref($patient-url)},
          gw:kv('recordedDate', (gw:date-time($ref/*:IssueDate), $issued)[1]),
          gw:kv('recorder', gw:ref($requester-practitioner-url)))),
          $referral-key || '|Condition|' || gw:nth-key(., $conditions, gw:concept-key#1))"/>
    </xsl:for-each>
    <xsl:for-each select="$ref-medications">
      <xsl:variable name="m" select="*:Medication"/>
      <xsl:variable name="drug" select="gw:coding($m/*:DrugId, '7180')"/>
      <xsl:sequence select="gw:upsert(gw:ref-item-url(., 'MedicationStatement'), gw:obj((
          map{'resourceType': 'MedicationStatement'},
          map{'status': (gw:lookup('medication-statement-status', '7307', gw:str($m/*:Status/@V))?code, 'unknown')[1]},
          gw:kv('category', gw:concept(*:Type, '8233')),
          map{'medicationReference': gw:medication-reference(
              if (exists($drug?code)) then map:put($drug, 'code', replace($drug?code, '\s+', '')) else (),
              (gw:str($m/*:DrugId/@OT), gw:str($m/*:DrugId/@DN), gw:item-text(.), 'Legemiddel')[1])},
          map{'subject': gw:ref($patient-url)},
          gw:kv('dateAsserted', (gw:date-time($ref/*:IssueDate), $issued)[1]),
          gw:kv('informationSource', gw:ref($requester-url)),
          gw:kv('note', gw:arr(for $t in gw:item-text(.) return map{'text': $t})),
          gw:kv('dosage', gw:arr(for $t in gw:str($m/*:DosageText) return map{'text': $t})))),
          $referral-key || '|MedicationStatement|' || gw:nth-key(., $ref-medications, gw:ref-medication-key#1))"/>
    </xsl:for-each>
    <xsl:for-each select="$ref-observations">
      <xsl:sequence select="gw:upsert(gw:ref-item-url(., 'Observation'), gw:obj((
          map{'resourceType': 'Observation'},
          map{'status': 'final'},
          map{'code': (gw:concept(*:Type, '8233'), map{'text': 'Opplysning'})[1]},
          map{'subject': gw:ref($patient-url)},
          map{'effectiveDateTime': (gw:date-time($ref/*:IssueDate), $issued)[1]},
          gw:kv('performer', gw:arr(gw:ref($requester-url))),
          gw:kv('valueString', gw:item-text(.)))),
          $referral-key || '|Observation|' || gw:nth-key(., $ref-observations, gw:ref-observation-key#1))"/>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
