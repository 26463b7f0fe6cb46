/**
 * Documents of our own making for the Peppol differential check: small Peppol BIS invoices (UBL
 * and CII) whose seller and buyer sit in the countries with national rules, with the fields those
 * rules read set right or wrong. `bench/official/peppol-official-verdicts.ts` runs the official Peppol
 * XSLT (Saxon-HE) on them and records its verdicts in support/fixtures/peppol-official-verdicts.json;
 * the spec compares the engine with that file (no Java in Jest).
 */

export interface PartyParams {
  country: string;
  /** VAT identifier (BT-31/BT-48); omitted when undefined. */
  vat?: string;
  /** Tax registration other than VAT (BT-32), e.g. 'Godkänd för F-skatt'. */
  taxId?: string;
  legalId?: string;
  legalScheme?: string;
  street?: boolean;
  city?: boolean;
  postCode?: boolean;
  partyId?: { id: string; scheme?: string };
  /** UBL only: a party name (BT-28/BT-45), an endpoint other than the default GLN. */
  name?: boolean;
  endpoint?: { scheme: string; id: string };
  /** UBL only: seller contact (BG-6). */
  contact?: { name?: string; telephone?: string; email?: string };
}

export interface DocParams {
  seller: PartyParams;
  buyer: PartyParams;
  creditNote?: boolean;
  payable?: string;
  paymentMeans?: Array<{ code: string; paymentId?: string; account?: string; branch?: string; mandate?: string; payerAccount?: string; card?: boolean }>;
  /** UBL only: type code instead of 380/381, payment terms note, EINDAGI reference, no due date, attachments, delivery address. */
  typeCode?: string;
  paymentTerms?: string;
  eindagi?: string;
  noDueDate?: boolean;
  attachments?: string[];
  deliveryCity?: boolean;
  invoiceId?: string;
  references?: Array<{ id: string; description: string; uri?: string }>;
  /** Document level charge with a reason code and reason. */
  charge?: { reasonCode: string; reason: string };
  classification?: { listID: string; listVersionID?: string };
  orderLineReference?: boolean;
  rate?: string;
}

export interface DifferentialCase {
  name: string;
  syntax: 'UBL' | 'CII';
  xml: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const opt = (on: boolean | undefined, xml: string) => (on === false ? '' : xml);

function ublParty(role: 'AccountingSupplierParty' | 'AccountingCustomerParty', p: PartyParams, endpoint: string): string {
  return `<cac:${role}><cac:Party>
  <cbc:EndpointID schemeID="${p.endpoint?.scheme ?? '0088'}">${p.endpoint?.id ?? endpoint}</cbc:EndpointID>
  ${p.partyId ? `<cac:PartyIdentification><cbc:ID${p.partyId.scheme === undefined ? '' : ` schemeID="${p.partyId.scheme}"`}>${esc(p.partyId.id)}</cbc:ID></cac:PartyIdentification>` : ''}
  ${p.name ? `<cac:PartyName><cbc:Name>Party ${p.country}</cbc:Name></cac:PartyName>` : ''}
  <cac:PostalAddress>${opt(p.street, '<cbc:StreetName>Main street 1</cbc:StreetName>')}${opt(p.city, '<cbc:CityName>City</cbc:CityName>')}${opt(p.postCode, '<cbc:PostalZone>1234</cbc:PostalZone>')}<cac:Country><cbc:IdentificationCode>${p.country}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
  ${p.vat === undefined ? '' : `<cac:PartyTaxScheme><cbc:CompanyID>${esc(p.vat)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`}
  ${p.taxId === undefined ? '' : `<cac:PartyTaxScheme><cbc:CompanyID>${esc(p.taxId)}</cbc:CompanyID><cac:TaxScheme><cbc:ID>TAX</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`}
  <cac:PartyLegalEntity><cbc:RegistrationName>Party ${p.country}</cbc:RegistrationName>${p.legalId === undefined ? '' : `<cbc:CompanyID${p.legalScheme === undefined ? '' : ` schemeID="${p.legalScheme}"`}>${esc(p.legalId)}</cbc:CompanyID>`}</cac:PartyLegalEntity>
  ${
    p.contact === undefined
      ? ''
      : `<cac:Contact>${p.contact.name === undefined ? '' : `<cbc:Name>${esc(p.contact.name)}</cbc:Name>`}${p.contact.telephone === undefined ? '' : `<cbc:Telephone>${esc(p.contact.telephone)}</cbc:Telephone>`}${
          p.contact.email === undefined ? '' : `<cbc:ElectronicMail>${esc(p.contact.email)}</cbc:ElectronicMail>`
        }</cac:Contact>`
  }
</cac:Party></cac:${role}>`;
}

export function ublDocument(d: DocParams): string {
  const root = d.creditNote ? 'CreditNote' : 'Invoice';
  const line = d.creditNote ? 'CreditNoteLine' : 'InvoiceLine';
  const quantity = d.creditNote ? 'CreditedQuantity' : 'InvoicedQuantity';
  const rate = d.rate ?? '25';
  const means = (d.paymentMeans ?? [])
    .map(
      (m) => `<cac:PaymentMeans><cbc:PaymentMeansCode>${m.code}</cbc:PaymentMeansCode>${m.paymentId === undefined ? '' : `<cbc:PaymentID>${esc(m.paymentId)}</cbc:PaymentID>`}${
        m.card ? '<cac:CardAccount><cbc:PrimaryAccountNumberID>1234</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>' : ''
      }${
        m.account === undefined ? '' : `<cac:PayeeFinancialAccount><cbc:ID>${esc(m.account)}</cbc:ID>${m.branch === undefined ? '' : `<cac:FinancialInstitutionBranch><cbc:ID>${esc(m.branch)}</cbc:ID></cac:FinancialInstitutionBranch>`}</cac:PayeeFinancialAccount>`
      }${m.mandate === undefined ? '' : `<cac:PaymentMandate><cbc:ID>${esc(m.mandate)}</cbc:ID>${m.payerAccount === undefined ? '' : `<cac:PayerFinancialAccount><cbc:ID>${esc(m.payerAccount)}</cbc:ID></cac:PayerFinancialAccount>`}</cac:PaymentMandate>`}</cac:PaymentMeans>`,
    )
    .join('');
  const charge = d.charge
    ? `<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>${d.charge.reasonCode}</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>${esc(d.charge.reason)}</cbc:AllowanceChargeReason><cbc:Amount currencyID="EUR">0</cbc:Amount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>`
    : '';
  const payable = d.payable ?? '125';
  const tax = (Number(rate) * 1).toString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>${esc(d.invoiceId ?? 'D-1')}</cbc:ID>
<cbc:IssueDate>2025-05-01</cbc:IssueDate>
${d.noDueDate ? '' : '<cbc:DueDate>2025-06-01</cbc:DueDate>'}
<cbc:${d.creditNote ? `CreditNoteTypeCode>${d.typeCode ?? '381'}</cbc:CreditNoteTypeCode` : `InvoiceTypeCode>${d.typeCode ?? '380'}</cbc:InvoiceTypeCode`}>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cbc:BuyerReference>REF-1</cbc:BuyerReference>
${d.eindagi === undefined ? '' : `<cac:AdditionalDocumentReference><cbc:ID>${esc(d.eindagi)}</cbc:ID><cbc:DocumentDescription>EINDAGI</cbc:DocumentDescription></cac:AdditionalDocumentReference>`}
${(d.references ?? [])
  .map(
    (ref) =>
      `<cac:AdditionalDocumentReference><cbc:ID>${esc(ref.id)}</cbc:ID><cbc:DocumentDescription>${esc(ref.description)}</cbc:DocumentDescription>${
        ref.uri === undefined ? '' : `<cac:Attachment><cac:ExternalReference><cbc:URI>${esc(ref.uri)}</cbc:URI></cac:ExternalReference></cac:Attachment>`
      }</cac:AdditionalDocumentReference>`,
  )
  .join('')}
${(d.attachments ?? [])
  .map(
    (f, i) =>
      `<cac:AdditionalDocumentReference><cbc:ID>ATT-${i}</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="${esc(f)}">aGVsbG8=</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`,
  )
  .join('')}
${ublParty('AccountingSupplierParty', d.seller, '5790000435975')}
${ublParty('AccountingCustomerParty', d.buyer, '5790000435968')}
${d.deliveryCity === undefined ? '' : `<cac:Delivery><cac:DeliveryLocation><cac:Address>${d.deliveryCity ? '<cbc:CityName>City</cbc:CityName>' : ''}<cbc:PostalZone>1</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:Address></cac:DeliveryLocation></cac:Delivery>`}
${means}
${d.paymentTerms === undefined ? '' : `<cac:PaymentTerms><cbc:Note>${esc(d.paymentTerms)}</cbc:Note></cac:PaymentTerms>`}
${charge}
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${tax}</cbc:TaxAmount><cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">${tax}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">${100 + Number(tax)}</cbc:TaxInclusiveAmount>${d.charge ? '<cbc:ChargeTotalAmount currencyID="EUR">0</cbc:ChargeTotalAmount>' : ''}<cbc:PayableAmount currencyID="EUR">${payable}</cbc:PayableAmount></cac:LegalMonetaryTotal>
<cac:${line}><cbc:ID>1</cbc:ID><cbc:${quantity} unitCode="C62">1</cbc:${quantity}><cbc:LineExtensionAmount currencyID="EUR">100</cbc:LineExtensionAmount>${d.orderLineReference ? '<cac:OrderLineReference><cbc:LineID>3</cbc:LineID></cac:OrderLineReference>' : ''}<cac:Item><cbc:Name>Item</cbc:Name>${
    d.classification
      ? `<cac:CommodityClassification><cbc:ItemClassificationCode listID="${d.classification.listID}"${d.classification.listVersionID === undefined ? '' : ` listVersionID="${d.classification.listVersionID}"`}>43211503</cbc:ItemClassificationCode></cac:CommodityClassification>`
      : ''
  }<cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">100</cbc:PriceAmount></cac:Price></cac:${line}>
</${root}>
`;
}

function ciiParty(role: 'SellerTradeParty' | 'BuyerTradeParty', p: PartyParams, endpoint: string): string {
  return `<ram:${role}>${p.partyId ? `<ram:GlobalID${p.partyId.scheme === undefined ? '' : ` schemeID="${p.partyId.scheme}"`}>${esc(p.partyId.id)}</ram:GlobalID>` : ''}<ram:Name>Party ${p.country}</ram:Name>${
    p.legalId === undefined ? '' : `<ram:SpecifiedLegalOrganization><ram:ID${p.legalScheme === undefined ? '' : ` schemeID="${p.legalScheme}"`}>${esc(p.legalId)}</ram:ID></ram:SpecifiedLegalOrganization>`
  }<ram:PostalTradeAddress>${opt(p.postCode, '<ram:PostcodeCode>1234</ram:PostcodeCode>')}${opt(p.street, '<ram:LineOne>Main street 1</ram:LineOne>')}${opt(p.city, '<ram:CityName>City</ram:CityName>')}<ram:CountryID>${p.country}</ram:CountryID></ram:PostalTradeAddress><ram:URIUniversalCommunication><ram:URIID schemeID="0088">${endpoint}</ram:URIID></ram:URIUniversalCommunication>${
    p.vat === undefined ? '' : `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VAT">${esc(p.vat)}</ram:ID></ram:SpecifiedTaxRegistration>`
  }${p.taxId === undefined ? '' : `<ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">${esc(p.taxId)}</ram:ID></ram:SpecifiedTaxRegistration>`}</ram:${role}>`;
}

export function ciiDocument(d: DocParams): string {
  const rate = d.rate ?? '25';
  const tax = (Number(rate) * 1).toString();
  const means = (d.paymentMeans ?? [])
    .map(
      (m) =>
        `<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>${m.code}</ram:TypeCode>${m.account === undefined ? '' : `<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>${esc(m.account)}</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>`}${
          m.branch === undefined ? '' : `<ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>${esc(m.branch)}</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>`
        }</ram:SpecifiedTradeSettlementPaymentMeans>`,
    )
    .join('');
  const reference = d.paymentMeans?.find((m) => m.paymentId !== undefined)?.paymentId;
  const charge = d.charge
    ? `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>0</ram:ActualAmount><ram:ReasonCode>${d.charge.reasonCode}</ram:ReasonCode><ram:Reason>${esc(d.charge.reason)}</ram:Reason><ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>D-1</ram:ID><ram:TypeCode>${d.creditNote ? '381' : '380'}</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20250501</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>
<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>Item</ram:Name>${
    d.classification
      ? `<ram:DesignatedProductClassification><ram:ClassCode listID="${d.classification.listID}"${d.classification.listVersionID === undefined ? '' : ` listVersionID="${d.classification.listVersionID}"`}>43211503</ram:ClassCode></ram:DesignatedProductClassification>`
      : ''
  }</ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement>${d.orderLineReference ? '<ram:BuyerOrderReferencedDocument><ram:LineID>3</ram:LineID></ram:BuyerOrderReferencedDocument>' : ''}<ram:NetPriceProductTradePrice><ram:ChargeAmount>100</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>
<ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>REF-1</ram:BuyerReference>${ciiParty('SellerTradeParty', d.seller, '5790000435975')}${ciiParty('BuyerTradeParty', d.buyer, '5790000435968')}</ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement>${reference === undefined ? '' : `<ram:PaymentReference>${esc(reference)}</ram:PaymentReference>`}<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${means}<ram:ApplicableTradeTax><ram:CalculatedAmount>${tax}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>100</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>${rate}</ram:RateApplicablePercent></ram:ApplicableTradeTax>${charge}<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20250601</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms><ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>100</ram:LineTotalAmount>${d.charge ? '<ram:ChargeTotalAmount>0</ram:ChargeTotalAmount>' : ''}<ram:TaxBasisTotalAmount>100</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">${tax}</ram:TaxTotalAmount><ram:GrandTotalAmount>${100 + Number(tax)}</ram:GrandTotalAmount><ram:DuePayableAmount>${d.payable ?? '125'}</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}

const party = (country: string, over: Partial<PartyParams> = {}): PartyParams => ({ country, ...over });

/** The cases, each in UBL and CII: name → parameters. */
const SCENARIOS: Array<[name: string, params: DocParams]> = [
  ['dk-valid', { seller: party('DK', { vat: 'DK12345678', legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), paymentMeans: [{ code: '31', account: 'DK5000400440116243', branch: 'DABADKKK' }] }],
  ['dk-no-legal-entity', { seller: party('DK', { vat: 'DK12345678' }), buyer: party('DK') }],
  ['dk-legal-scheme', { seller: party('DK', { vat: 'DK12345678', legalId: '12345678', legalScheme: '0088' }), buyer: party('DE') }],
  ['dk-means-code', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), paymentMeans: [{ code: '30', account: '123' }] }],
  ['dk-means-31-no-branch', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), paymentMeans: [{ code: '31', account: 'DK5000400440116243' }] }],
  ['dk-giro', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), paymentMeans: [{ code: '50', paymentId: '04#123', account: '1234567' }] }],
  ['dk-fik', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), paymentMeans: [{ code: '93', paymentId: '71#1234', account: '1234567' }] }],
  ['dk-direct-debit', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), paymentMeans: [{ code: '49', mandate: 'M1' }] }],
  ['dk-zzz-bad', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), charge: { reasonCode: 'ZZZ', reason: '#12' } }],
  ['dk-zzz-good', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), charge: { reasonCode: 'ZZZ', reason: '1234' } }],
  ['dk-unspsc', { seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK'), classification: { listID: 'TST', listVersionID: '10.1' } }],
  ['dk-party-id', { seller: party('DK', { legalId: '12345678', legalScheme: '0184', partyId: { id: 'X1' } }), buyer: party('DK') }],
  ['dk-credit-negative', { creditNote: true, payable: '-5', seller: party('DK', { legalId: '12345678', legalScheme: '0184' }), buyer: party('DK') }],
  ['nl-valid', { seller: party('NL', { vat: 'NL123456789B01', legalId: '12345678', legalScheme: '0106' }), buyer: party('NL', { legalId: '87654321', legalScheme: '0190' }), paymentMeans: [{ code: '30', account: 'NL91ABNA0417164300' }] }],
  ['nl-address', { seller: party('NL', { city: false, legalId: '12345678', legalScheme: '0106' }), buyer: party('NL', { street: false }), paymentMeans: [{ code: '31', account: 'X' }] }],
  ['nl-legal-scheme', { seller: party('NL', { legalId: '12345678', legalScheme: '0088' }), buyer: party('NL', { legalId: '1', legalScheme: '0002' }), paymentMeans: [{ code: '30', account: 'X' }] }],
  ['nl-no-means', { seller: party('NL', { legalId: '12345678', legalScheme: '0106' }), buyer: party('BE') }],
  ['nl-credit-note', { creditNote: true, seller: party('NL', { legalId: '12345678', legalScheme: '0106' }), buyer: party('BE'), paymentMeans: [{ code: '30', account: 'X' }] }],
  ['nl-order-line', { orderLineReference: true, seller: party('NL', { legalId: '12345678', legalScheme: '0106' }), buyer: party('BE'), paymentMeans: [{ code: '30', account: 'X' }] }],
  ['it-valid', { seller: party('IT', { vat: 'IT12345678901', taxId: 'RSSMRA80A01H501U' }), buyer: party('IT') }],
  ['it-address', { seller: party('IT', { vat: 'IT12345678901', street: false, city: false, postCode: false }), buyer: party('IT') }],
  ['it-tax-id', { seller: party('IT', { vat: 'IT12345678901', taxId: 'abc' }), buyer: party('IT') }],
  ['no-valid', { seller: party('NO', { vat: 'NO974760673MVA', taxId: 'Foretaksregisteret' }), buyer: party('NO') }],
  ['no-vat', { seller: party('NO', { vat: 'NO123456789MVA' }), buyer: party('NO') }],
  ['se-valid', { seller: party('SE', { vat: 'SE556622110001', taxId: 'Godkänd för F-skatt', legalId: '5566221100' }), buyer: party('SE'), paymentMeans: [{ code: '30', account: '1234567', branch: 'SE:BANKGIRO' }] }],
  ['se-vat-length', { seller: party('SE', { vat: 'SE12345', legalId: '5566221101' }), buyer: party('SE') }],
  ['se-f-skatt', { seller: party('SE', { vat: 'SE556622110001', taxId: 'F-skatt', legalId: '55662211AB' }), buyer: party('SE'), rate: '20' }],
  ['is-valid', { seller: party('IS', { legalId: '4403820349', legalScheme: '0196' }), buyer: party('IS', { legalId: '4403820349', legalScheme: '0196' }), paymentMeans: [{ code: '42', account: '012345678901' }], eindagi: '2025-06-10' }],
  ['is-missing', { typeCode: '393', seller: party('IS', { street: false }), buyer: party('IS', { postCode: false }), paymentMeans: [{ code: '9', account: '123' }, { code: '42' }], eindagi: '10.06.2025' }],
  ['is-eindagi-due', { noDueDate: true, seller: party('IS', { legalId: '4403820349', legalScheme: '0196' }), buyer: party('SE'), eindagi: '2025-05-20' }],
  ['is-eindagi-early', { seller: party('IS', { legalId: '4403820349', legalScheme: '0196' }), buyer: party('SE'), eindagi: '2025-05-20' }],
  [
    'de-valid',
    {
      seller: party('DE', { vat: 'DE123456789', contact: { name: 'Max', telephone: '+49 30 123', email: 'max@example.de' } }),
      buyer: party('DE'),
      paymentMeans: [{ code: '58', account: 'DE75512108001245126199' }],
      paymentTerms: '#SKONTO#TAGE=7#PROZENT=2.00#\n',
      deliveryCity: true,
    },
  ],
  [
    'de-missing',
    {
      typeCode: '393',
      seller: party('DE', { city: false, postCode: false, contact: { telephone: 'ab', email: 'not-an-email' } }),
      buyer: party('DE', { city: false }),
      deliveryCity: false,
      attachments: ['a.pdf', 'a.pdf'],
      paymentTerms: '#SKONTO#TAGE=7#PROZENT=2#',
    },
  ],
  ['de-no-contact', { seller: party('DE'), buyer: party('DE'), paymentMeans: [{ code: '58', account: 'DE00512108001245126199', card: true }], typeCode: '384' }],
  ['de-card', { seller: party('DE', { vat: 'DE123456789', contact: { name: 'M', telephone: '123', email: 'a@b.de' } }), buyer: party('DE'), paymentMeans: [{ code: '48', account: 'X' }, { code: '54', card: true }] }],
  ['de-direct-debit', { seller: party('DE', { vat: 'DE123456789', contact: { name: 'M', telephone: '123', email: 'a@b.de' } }), buyer: party('DE'), paymentMeans: [{ code: '59', account: 'X', mandate: 'M1', payerAccount: 'DE89370400440532013000' }] }],
  ['de-direct-debit-bad', { seller: party('DE', { vat: 'DE123456789', contact: { name: 'M', telephone: '123', email: 'a@b.de' } }), buyer: party('DE'), paymentMeans: [{ code: '59' }, { code: '30', mandate: 'M2' }] }],
  [
    'gr-valid',
    {
      invoiceId: '123456783|01/05/2025|1|1.1|A|B',
      seller: party('GR', { vat: 'EL123456783', name: true, endpoint: { scheme: '9933', id: '123456783' } }),
      buyer: party('GR', { vat: 'EL123456783', name: true, endpoint: { scheme: '9933', id: '123456783' } }),
      references: [
        { id: '400001', description: '##M.AR.K##' },
        { id: 'URL-1', description: '##INVOICE|URL##', uri: 'https://example.gr/i/1' },
      ],
    },
  ],
  [
    'gr-invalid',
    {
      invoiceId: '123456789|2025-05-01|x|9.9|A',
      seller: party('GR', { vat: 'EL123456789' }),
      buyer: party('GR', { vat: 'DE1', endpoint: { scheme: '9933', id: '12' } }),
      references: [
        { id: '0-1', description: '##M.AR.K##' },
        { id: 'U1', description: '##INVOICE|URL##' },
        { id: 'U2', description: '##INVOICE|URL##' },
      ],
    },
  ],
  ['gr-el-no-segments', { seller: party('DE', { vat: 'EL123456783', name: true }), buyer: party('DE', { name: true }) }],
  ['se-giro', { seller: party('SE', { vat: 'SE556622110001' }), buyer: party('SE'), paymentMeans: [{ code: '30', account: '12A', branch: 'SE:PLUSGIRO' }, { code: '50' }, { code: '31', account: 'x' }] }],
];

export const DIFFERENTIAL_CASES: DifferentialCase[] = SCENARIOS.flatMap(([name, params]) => [
  { name: `ubl/${name}`, syntax: 'UBL' as const, xml: ublDocument(params) },
  { name: `cii/${name}`, syntax: 'CII' as const, xml: ciiDocument(params) },
]);
