/** UBL 2.1 Invoice and CreditNote root to the canonical Invoice model. */
import type { DocumentType, Invoice, PaymentInstruction, SupportingDocument } from '../model/invoice';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { booleanOf, decimalOf, defined, identifierOf, textOf } from './terms';
import { mapUblLine } from './ubl-line';
import { mapUblAddress, mapUblParty } from './ubl-party';
import { mapUblTaxCategory } from './ubl-tax';

const { cac, cbc } = NS;

function mapPaymentMeans(el: XmlElement): PaymentInstruction {
  const code = child(el, cbc, 'PaymentMeansCode');
  const card = child(el, cac, 'CardAccount');
  const mandate = child(el, cac, 'PaymentMandate');
  return {
    loc: xpathOf(el),
    meansCode: textOf(code),
    meansCodeLoc: code ? xpathOf(code) : undefined,
    meansText: code?.attrs['name'],
    remittanceInfo: defined(childrenNamed(el, cbc, 'PaymentID').map(textOf)),
    creditTransfers: childrenNamed(el, cac, 'PayeeFinancialAccount').map((a) => ({
      loc: xpathOf(a),
      accountId: textOf(child(a, cbc, 'ID')),
      accountName: textOf(child(a, cbc, 'Name')),
      serviceProviderId: textOf(child(child(a, cac, 'FinancialInstitutionBranch'), cbc, 'ID')),
    })),
    card: card
      ? { loc: xpathOf(card), primaryAccountNumber: textOf(child(card, cbc, 'PrimaryAccountNumberID')), holderName: textOf(child(card, cbc, 'HolderName')) }
      : undefined,
    directDebit: mandate
      ? {
          loc: xpathOf(mandate),
          mandateId: textOf(child(mandate, cbc, 'ID')),
          debitedAccountId: textOf(child(child(mandate, cac, 'PayerFinancialAccount'), cbc, 'ID')),
        }
      : undefined,
  };
}

function mapSupportingDocument(el: XmlElement): SupportingDocument {
  const att = child(el, cac, 'Attachment');
  const bin = child(att, cbc, 'EmbeddedDocumentBinaryObject');
  const idEl = child(el, cbc, 'ID');
  return {
    loc: xpathOf(el),
    id: textOf(idEl),
    idScheme: idEl?.attrs['schemeID'],
    typeCode: textOf(child(el, cbc, 'DocumentTypeCode')),
    description: textOf(child(el, cbc, 'DocumentDescription')),
    uri: textOf(child(child(att, cac, 'ExternalReference'), cbc, 'URI')),
    attachment: bin ? { loc: xpathOf(bin), mimeCode: bin.attrs['mimeCode'], filename: bin.attrs['filename'] } : undefined,
  };
}

export function mapUblDocument(root: XmlElement, documentType: DocumentType): Invoice {
  const isCredit = documentType === 'CreditNote';
  const typeCodeEl = child(root, cbc, isCredit ? 'CreditNoteTypeCode' : 'InvoiceTypeCode');
  const currencyEl = child(root, cbc, 'DocumentCurrencyCode');
  const taxCurrencyEls = childrenNamed(root, cbc, 'TaxCurrencyCode');
  const periods = childrenNamed(root, cac, 'InvoicePeriod');
  const descCode = defined(periods.map((p) => child(p, cbc, 'DescriptionCode')))[0];
  const supplier = child(root, cac, 'AccountingSupplierParty');
  const customer = child(root, cac, 'AccountingCustomerParty');
  const totalsEl = child(root, cac, 'LegalMonetaryTotal');
  const paymentMeans = childrenNamed(root, cac, 'PaymentMeans');
  const adrs = childrenNamed(root, cac, 'AdditionalDocumentReference');
  const objectRef = adrs.find((d) => textOf(child(d, cbc, 'DocumentTypeCode')) === '130');
  // BT-9 lives in cbc:DueDate for invoices and PaymentMeans/PaymentDueDate for credit notes.
  const dueDate = textOf(child(root, cbc, 'DueDate')) ?? defined(paymentMeans.map((p) => textOf(child(p, cbc, 'PaymentDueDate'))))[0];
  // BT-90 is the seller's (or payee's) party identifier with scheme SEPA in UBL.
  const creditorId = [...childrenNamed(child(supplier, cac, 'Party'), cac, 'PartyIdentification'), ...childrenNamed(child(root, cac, 'PayeeParty'), cac, 'PartyIdentification')]
    .map((p) => child(p, cbc, 'ID'))
    .find((id) => id !== undefined && (id.attrs['schemeID'] ?? '').toUpperCase() === 'SEPA');
  const payments = paymentMeans.map(mapPaymentMeans);
  if (creditorId) for (const p of payments) if (p.directDebit) p.directDebit.creditorId = textOf(creditorId);

  return {
    loc: xpathOf(root),
    syntax: 'UBL',
    documentType,
    customizationId: textOf(child(root, cbc, 'CustomizationID')),
    profileId: textOf(child(root, cbc, 'ProfileID')),
    id: textOf(child(root, cbc, 'ID')),
    issueDate: textOf(child(root, cbc, 'IssueDate')),
    typeCode: textOf(typeCodeEl),
    typeCodeLoc: typeCodeEl ? xpathOf(typeCodeEl) : undefined,
    currencyCode: textOf(currencyEl),
    currencyCodeLoc: currencyEl ? xpathOf(currencyEl) : undefined,
    taxCurrencyCodes: defined(taxCurrencyEls.map(textOf)),
    taxCurrencyCodeLoc: taxCurrencyEls[0] ? xpathOf(taxCurrencyEls[0]) : undefined,
    taxPointDate: textOf(child(root, cbc, 'TaxPointDate')),
    taxPointDateCode: textOf(descCode),
    taxPointDateCodeLoc: descCode ? xpathOf(descCode) : undefined,
    dueDate,
    buyerReference: textOf(child(root, cbc, 'BuyerReference')),
    projectReference: textOf(child(child(root, cac, 'ProjectReference'), cbc, 'ID')),
    contractReference: textOf(child(child(root, cac, 'ContractDocumentReference'), cbc, 'ID')),
    purchaseOrderReference: textOf(child(child(root, cac, 'OrderReference'), cbc, 'ID')),
    salesOrderReference: textOf(child(child(root, cac, 'OrderReference'), cbc, 'SalesOrderID')),
    receivingAdviceReference: textOf(child(child(root, cac, 'ReceiptDocumentReference'), cbc, 'ID')),
    despatchAdviceReference: textOf(child(child(root, cac, 'DespatchDocumentReference'), cbc, 'ID')),
    tenderReference: textOf(child(child(root, cac, 'OriginatorDocumentReference'), cbc, 'ID')),
    invoicedObjectId: identifierOf(child(objectRef, cbc, 'ID')),
    buyerAccountingReference: textOf(child(root, cbc, 'AccountingCost')),
    paymentTerms: defined(childrenNamed(root, cac, 'PaymentTerms').flatMap((t) => childrenNamed(t, cbc, 'Note').map(textOf))),
    notes: childrenNamed(root, cbc, 'Note').map((n) => {
      // UBL carries the subject code (BT-21) as a leading #CODE# in the note text.
      const text = n.text.trim();
      const m = /^#([^#]*)#/.exec(text);
      return { loc: xpathOf(n), subjectCode: m ? m[1] : undefined, text: m ? text.slice(m[0].length) : text };
    }),
    precedingInvoices: childrenNamed(root, cac, 'BillingReference').map((b) => {
      const ref = child(b, cac, 'InvoiceDocumentReference');
      return { loc: xpathOf(b), id: textOf(child(ref, cbc, 'ID')), issueDate: textOf(child(ref, cbc, 'IssueDate')) };
    }),
    seller: mapUblParty(child(supplier, cac, 'Party'), false),
    sellerWrapperLoc: supplier ? xpathOf(supplier) : undefined,
    buyer: mapUblParty(child(customer, cac, 'Party'), false),
    payee: mapUblParty(child(root, cac, 'PayeeParty'), true),
    taxRepresentative: mapUblParty(child(root, cac, 'TaxRepresentativeParty'), true),
    deliveries: childrenNamed(root, cac, 'Delivery').map((d) => {
      const loc = child(d, cac, 'DeliveryLocation');
      const names = childrenNamed(child(d, cac, 'DeliveryParty'), cac, 'PartyName');
      return {
        loc: xpathOf(d),
        actualDeliveryDate: textOf(child(d, cbc, 'ActualDeliveryDate')),
        locationId: identifierOf(child(loc, cbc, 'ID')),
        address: mapUblAddress(child(loc, cac, 'Address')),
        partyName: textOf(child(names[0], cbc, 'Name')),
        partyNameCount: names.length,
      };
    }),
    invoicingPeriods: periods.map((p) => ({ loc: xpathOf(p), startDate: textOf(child(p, cbc, 'StartDate')), endDate: textOf(child(p, cbc, 'EndDate')) })),
    paymentInstructions: payments,
    allowanceCharges: childrenNamed(root, cac, 'AllowanceCharge').map((a) => ({
      loc: xpathOf(a),
      isCharge: booleanOf(child(a, cbc, 'ChargeIndicator')),
      amount: decimalOf(child(a, cbc, 'Amount')),
      baseAmount: decimalOf(child(a, cbc, 'BaseAmount')),
      percentage: decimalOf(child(a, cbc, 'MultiplierFactorNumeric')),
      vatCategories: childrenNamed(a, cac, 'TaxCategory').map(mapUblTaxCategory),
      reason: textOf(child(a, cbc, 'AllowanceChargeReason')),
      reasonCount: childrenNamed(a, cbc, 'AllowanceChargeReason').length,
      reasonCode: textOf(child(a, cbc, 'AllowanceChargeReasonCode')),
    })),
    totals: totalsEl
      ? {
          loc: xpathOf(totalsEl),
          lineNetTotal: decimalOf(child(totalsEl, cbc, 'LineExtensionAmount')),
          allowanceTotal: decimalOf(child(totalsEl, cbc, 'AllowanceTotalAmount')),
          chargeTotal: decimalOf(child(totalsEl, cbc, 'ChargeTotalAmount')),
          taxExclusive: decimalOf(child(totalsEl, cbc, 'TaxExclusiveAmount')),
          taxInclusive: decimalOf(child(totalsEl, cbc, 'TaxInclusiveAmount')),
          prepaid: decimalOf(child(totalsEl, cbc, 'PrepaidAmount')),
          rounding: decimalOf(child(totalsEl, cbc, 'PayableRoundingAmount')),
          payable: decimalOf(child(totalsEl, cbc, 'PayableAmount')),
        }
      : undefined,
    taxTotals: childrenNamed(root, cac, 'TaxTotal').map((t) => ({
      loc: xpathOf(t),
      taxAmount: decimalOf(child(t, cbc, 'TaxAmount')),
      breakdowns: childrenNamed(t, cac, 'TaxSubtotal').map((s) => {
        const cat = child(s, cac, 'TaxCategory');
        return {
          loc: xpathOf(s),
          taxableAmount: decimalOf(child(s, cbc, 'TaxableAmount')),
          taxAmount: decimalOf(child(s, cbc, 'TaxAmount')),
          category: cat ? mapUblTaxCategory(cat) : undefined,
        };
      }),
    })),
    supportingDocuments: adrs.filter((d) => d !== objectRef).map(mapSupportingDocument),
    // The official rules take `cac:InvoiceLine | cac:CreditNoteLine` in either document type.
    lines: root.children
      .filter((l) => l.ns === cac && (l.local === 'InvoiceLine' || l.local === 'CreditNoteLine'))
      .map((l) => mapUblLine(l, l.local === 'CreditNoteLine' ? 'CreditedQuantity' : 'InvoicedQuantity')),
  };
}
