/** UN/CEFACT CII D16B CrossIndustryInvoice root to the canonical Invoice model. */
import type { DocumentType, Invoice, TaxTotal, VatBreakdown } from '../model/invoice';
import { child, childrenNamed, descend, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { mapCiiAddress, mapCiiParty } from './cii-party';
import { mapCiiLine } from './cii-line';
import { mapCiiDocumentAllowanceCharge, mapCiiTaxCategory } from './cii-tax';
import { ciiDate, decimalOf, defined, identifierOf, textOf } from './terms';

const { ram, rsm, udt, qdt } = NS;

/** Credit note type codes of UNTDID 1001 (CII uses one root for both). */
const CREDIT_NOTE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

function referencedId(parent: XmlElement | undefined, name: string): string | undefined {
  return textOf(child(child(parent, ram, name), ram, 'IssuerAssignedID'));
}

export function mapCiiDocument(root: XmlElement): Invoice {
  const ctx = child(root, rsm, 'ExchangedDocumentContext');
  const doc = child(root, rsm, 'ExchangedDocument');
  const tx = child(root, rsm, 'SupplyChainTradeTransaction');
  const agreement = child(tx, ram, 'ApplicableHeaderTradeAgreement');
  const delivery = child(tx, ram, 'ApplicableHeaderTradeDelivery');
  const settlement = child(tx, ram, 'ApplicableHeaderTradeSettlement');
  const sums = child(settlement, ram, 'SpecifiedTradeSettlementHeaderMonetarySummation');
  const typeCodeEl = child(doc, ram, 'TypeCode');
  const typeCode = textOf(typeCodeEl);
  const documentType: DocumentType = typeCode !== undefined && CREDIT_NOTE_CODES.has(typeCode) ? 'CreditNote' : 'Invoice';
  const currencyEl = child(settlement, ram, 'InvoiceCurrencyCode');
  const currency = textOf(currencyEl);
  const taxCurrencyEls = childrenNamed(settlement, ram, 'TaxCurrencyCode');
  const headerTaxes = childrenNamed(settlement, ram, 'ApplicableTradeTax');
  const terms = childrenNamed(settlement, ram, 'SpecifiedTradePaymentTerms');
  const addDocs = childrenNamed(agreement, ram, 'AdditionalReferencedDocument');
  const objectRef = addDocs.find((d) => textOf(child(d, ram, 'TypeCode')) === '130');
  const tenderRef = addDocs.find((d) => textOf(child(d, ram, 'TypeCode')) === '50');
  const shipTo = child(delivery, ram, 'ShipToTradeParty');
  const dueCodeEl = defined(headerTaxes.map((t) => child(t, ram, 'DueDateTypeCode')))[0];

  const breakdowns: VatBreakdown[] = headerTaxes.map((t) => ({
    loc: xpathOf(t),
    taxableAmount: decimalOf(child(t, ram, 'BasisAmount')),
    taxAmount: decimalOf(child(t, ram, 'CalculatedAmount')),
    category: mapCiiTaxCategory(t),
  }));
  // BT-110 / BT-111 are TaxTotalAmount elements distinguished by currency; the
  // breakdowns belong to the one in the invoice currency.
  const taxTotals: TaxTotal[] = childrenNamed(sums, ram, 'TaxTotalAmount').map((a) => ({ loc: xpathOf(a), taxAmount: decimalOf(a), breakdowns: [] }));
  const home = taxTotals.find((t) => t.taxAmount?.currency === currency) ?? taxTotals.find((t) => t.taxAmount?.currency === undefined);
  if (home) home.breakdowns = breakdowns;
  else if (breakdowns.length > 0) taxTotals.push({ loc: settlement ? xpathOf(settlement) : xpathOf(root), breakdowns });

  const payee = mapCiiParty(child(settlement, ram, 'PayeeTradeParty'));
  const creditorId = textOf(child(settlement, ram, 'CreditorReferenceID'));
  const mandateId = defined(terms.map((t) => textOf(child(t, ram, 'DirectDebitMandateID'))))[0];

  return {
    loc: xpathOf(root),
    syntax: 'CII',
    documentType,
    customizationId: textOf(descend(ctx, [[ram, 'GuidelineSpecifiedDocumentContextParameter'], [ram, 'ID']])),
    profileId: textOf(descend(ctx, [[ram, 'BusinessProcessSpecifiedDocumentContextParameter'], [ram, 'ID']])),
    id: textOf(child(doc, ram, 'ID')),
    issueDate: ciiDate(textOf(descend(doc, [[ram, 'IssueDateTime'], [udt, 'DateTimeString']]))),
    typeCode,
    typeCodeLoc: typeCodeEl ? xpathOf(typeCodeEl) : undefined,
    currencyCode: currency,
    currencyCodeLoc: currencyEl ? xpathOf(currencyEl) : undefined,
    taxCurrencyCodes: defined(taxCurrencyEls.map(textOf)),
    taxCurrencyCodeLoc: taxCurrencyEls[0] ? xpathOf(taxCurrencyEls[0]) : undefined,
    taxPointDate: ciiDate(defined(headerTaxes.map((t) => textOf(descend(t, [[ram, 'TaxPointDate'], [udt, 'DateString']]))))[0]),
    taxPointDateCode: textOf(dueCodeEl),
    taxPointDateCodeLoc: dueCodeEl ? xpathOf(dueCodeEl) : undefined,
    dueDate: ciiDate(defined(terms.map((t) => textOf(descend(t, [[ram, 'DueDateDateTime'], [udt, 'DateTimeString']]))))[0]),
    buyerReference: textOf(child(agreement, ram, 'BuyerReference')),
    projectReference: textOf(descend(agreement, [[ram, 'SpecifiedProcuringProject'], [ram, 'ID']])),
    contractReference: referencedId(agreement, 'ContractReferencedDocument'),
    purchaseOrderReference: referencedId(agreement, 'BuyerOrderReferencedDocument'),
    salesOrderReference: referencedId(agreement, 'SellerOrderReferencedDocument'),
    receivingAdviceReference: referencedId(delivery, 'ReceivingAdviceReferencedDocument'),
    despatchAdviceReference: referencedId(delivery, 'DespatchAdviceReferencedDocument'),
    tenderReference: textOf(child(tenderRef, ram, 'IssuerAssignedID')),
    invoicedObjectId: identifierOf(child(objectRef, ram, 'IssuerAssignedID'), 'ReferenceTypeCode'),
    buyerAccountingReference: textOf(descend(settlement, [[ram, 'ReceivableSpecifiedTradeAccountingAccount'], [ram, 'ID']])),
    paymentTerms: defined(terms.map((t) => textOf(child(t, ram, 'Description')))),
    notes: childrenNamed(doc, ram, 'IncludedNote').map((n) => ({
      loc: xpathOf(n),
      subjectCode: textOf(child(n, ram, 'SubjectCode')),
      text: textOf(child(n, ram, 'Content')),
    })),
    precedingInvoices: childrenNamed(settlement, ram, 'InvoiceReferencedDocument').map((r) => ({
      loc: xpathOf(r),
      id: textOf(child(r, ram, 'IssuerAssignedID')),
      issueDate: ciiDate(textOf(descend(r, [[ram, 'FormattedIssueDateTime'], [qdt, 'DateTimeString']]))),
    })),
    seller: mapCiiParty(child(agreement, ram, 'SellerTradeParty')),
    buyer: mapCiiParty(child(agreement, ram, 'BuyerTradeParty')),
    payee,
    taxRepresentative: mapCiiParty(child(agreement, ram, 'SellerTaxRepresentativeTradeParty')),
    deliveries: delivery
      ? [
          {
            loc: xpathOf(delivery),
            partyName: textOf(child(shipTo, ram, 'Name')),
            partyNameCount: childrenNamed(shipTo, ram, 'Name').length,
            locationId: identifierOf(child(shipTo, ram, 'ID') ?? child(shipTo, ram, 'GlobalID')),
            actualDeliveryDate: ciiDate(
              textOf(descend(delivery, [[ram, 'ActualDeliverySupplyChainEvent'], [ram, 'OccurrenceDateTime'], [udt, 'DateTimeString']])),
            ),
            address: mapCiiAddress(child(shipTo, ram, 'PostalTradeAddress')),
          },
        ]
      : [],
    invoicingPeriods: childrenNamed(settlement, ram, 'BillingSpecifiedPeriod').map((p) => ({
      loc: xpathOf(p),
      startDate: ciiDate(textOf(descend(p, [[ram, 'StartDateTime'], [udt, 'DateTimeString']]))),
      endDate: ciiDate(textOf(descend(p, [[ram, 'EndDateTime'], [udt, 'DateTimeString']]))),
    })),
    paymentInstructions: childrenNamed(settlement, ram, 'SpecifiedTradeSettlementPaymentMeans').map((m) => {
      const code = child(m, ram, 'TypeCode');
      const card = child(m, ram, 'ApplicableTradeSettlementFinancialCard');
      const debtor = child(m, ram, 'PayerPartyDebtorFinancialAccount');
      return {
        loc: xpathOf(m),
        meansCode: textOf(code),
        meansCodeLoc: code ? xpathOf(code) : undefined,
        meansText: textOf(child(m, ram, 'Information')),
        remittanceInfo: defined([textOf(child(settlement, ram, 'PaymentReference'))]),
        creditTransfers: childrenNamed(m, ram, 'PayeePartyCreditorFinancialAccount').map((a) => ({
          loc: xpathOf(a),
          accountId: textOf(child(a, ram, 'IBANID')) ?? textOf(child(a, ram, 'ProprietaryID')),
          accountName: textOf(child(a, ram, 'AccountName')),
          serviceProviderId: textOf(descend(m, [[ram, 'PayeeSpecifiedCreditorFinancialInstitution'], [ram, 'BICID']])),
        })),
        card: card ? { loc: xpathOf(card), primaryAccountNumber: textOf(child(card, ram, 'ID')), holderName: textOf(child(card, ram, 'CardholderName')) } : undefined,
        directDebit:
          debtor || mandateId !== undefined
            ? { loc: xpathOf(debtor ?? m), mandateId, creditorId, debitedAccountId: textOf(child(debtor, ram, 'IBANID')) }
            : undefined,
      };
    }),
    allowanceCharges: childrenNamed(settlement, ram, 'SpecifiedTradeAllowanceCharge').map(mapCiiDocumentAllowanceCharge),
    totals: sums
      ? {
          loc: xpathOf(sums),
          lineNetTotal: decimalOf(child(sums, ram, 'LineTotalAmount')),
          allowanceTotal: decimalOf(child(sums, ram, 'AllowanceTotalAmount')),
          chargeTotal: decimalOf(child(sums, ram, 'ChargeTotalAmount')),
          taxExclusive: decimalOf(child(sums, ram, 'TaxBasisTotalAmount')),
          taxInclusive: decimalOf(child(sums, ram, 'GrandTotalAmount')),
          prepaid: decimalOf(child(sums, ram, 'TotalPrepaidAmount')),
          rounding: decimalOf(child(sums, ram, 'RoundingAmount')),
          payable: decimalOf(child(sums, ram, 'DuePayableAmount')),
        }
      : undefined,
    taxTotals,
    supportingDocuments: addDocs
      .filter((d) => d !== objectRef && d !== tenderRef)
      .map((d) => {
        const bin = child(d, ram, 'AttachmentBinaryObject');
        const idEl = child(d, ram, 'IssuerAssignedID');
        return {
          loc: xpathOf(d),
          id: textOf(idEl),
          idScheme: textOf(child(d, ram, 'ReferenceTypeCode')),
          typeCode: textOf(child(d, ram, 'TypeCode')),
          description: textOf(child(d, ram, 'Name')),
          uri: textOf(child(d, ram, 'URIID')),
          attachment: bin ? { loc: xpathOf(bin), mimeCode: bin.attrs['mimeCode'], filename: bin.attrs['filename'] } : undefined,
        };
      }),
    lines: childrenNamed(tx, ram, 'IncludedSupplyChainTradeLineItem').map(mapCiiLine),
  };
}
