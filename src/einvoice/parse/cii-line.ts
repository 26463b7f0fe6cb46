/** CII ram:IncludedSupplyChainTradeLineItem to the canonical InvoiceLine (BG-25). */
import type { InvoiceLine } from '../model/line';
import { child, childrenNamed, descend, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { ciiDate, decimalOf, defined, identifierOf, textOf } from './terms';
import { mapCiiLineAllowanceCharge, mapCiiTaxCategory } from './cii-tax';

const { ram, udt } = NS;

export function mapCiiLine(el: XmlElement): InvoiceLine {
  const doc = child(el, ram, 'AssociatedDocumentLineDocument');
  const product = child(el, ram, 'SpecifiedTradeProduct');
  const agreement = child(el, ram, 'SpecifiedLineTradeAgreement');
  const delivery = child(el, ram, 'SpecifiedLineTradeDelivery');
  const settlement = child(el, ram, 'SpecifiedLineTradeSettlement');
  const qty = child(delivery, ram, 'BilledQuantity');
  const gross = child(agreement, ram, 'GrossPriceProductTradePrice');
  const net = child(agreement, ram, 'NetPriceProductTradePrice');
  const netBase = child(net, ram, 'BasisQuantity') ?? child(gross, ram, 'BasisQuantity');
  const grossAc = childrenNamed(gross, ram, 'AppliedTradeAllowanceCharge');
  const objectRef = childrenNamed(settlement, ram, 'AdditionalReferencedDocument').find((d) => textOf(child(d, ram, 'TypeCode')) === '130');
  const origin = descend(product, [[ram, 'OriginTradeCountry'], [ram, 'ID']]);
  return {
    loc: xpathOf(el),
    id: textOf(child(doc, ram, 'LineID')),
    notes: defined(childrenNamed(doc, ram, 'IncludedNote').map((n) => textOf(child(n, ram, 'Content')))),
    objectId: identifierOf(child(objectRef, ram, 'IssuerAssignedID'), 'ReferenceTypeCode'),
    quantity: decimalOf(qty, 'unitCode'),
    unitCode: qty?.attrs['unitCode'],
    netAmount: decimalOf(descend(settlement, [[ram, 'SpecifiedTradeSettlementLineMonetarySummation'], [ram, 'LineTotalAmount']])),
    orderLineRefs: defined([textOf(descend(agreement, [[ram, 'BuyerOrderReferencedDocument'], [ram, 'LineID']]))]),
    accountingRef: textOf(descend(settlement, [[ram, 'ReceivableSpecifiedTradeAccountingAccount'], [ram, 'ID']])),
    periods: childrenNamed(settlement, ram, 'BillingSpecifiedPeriod').map((p) => ({
      loc: xpathOf(p),
      startDate: ciiDate(textOf(descend(p, [[ram, 'StartDateTime'], [udt, 'DateTimeString']]))),
      endDate: ciiDate(textOf(descend(p, [[ram, 'EndDateTime'], [udt, 'DateTimeString']]))),
    })),
    allowanceCharges: childrenNamed(settlement, ram, 'SpecifiedTradeAllowanceCharge').map(mapCiiLineAllowanceCharge),
    price:
      net || gross
        ? {
            loc: xpathOf((net ?? gross) as XmlElement),
            netPrice: decimalOf(child(net, ram, 'ChargeAmount')),
            grossPrice: decimalOf(child(gross, ram, 'ChargeAmount')),
            discount: decimalOf(child(grossAc[0], ram, 'ActualAmount')),
            baseQuantity: decimalOf(netBase, 'unitCode'),
            baseQuantityUnit: netBase?.attrs['unitCode'],
          }
        : undefined,
    priceDiscountCount: grossAc.length,
    vatCategories: childrenNamed(settlement, ram, 'ApplicableTradeTax').map(mapCiiTaxCategory),
    item: product
      ? {
          loc: xpathOf(product),
          name: textOf(child(product, ram, 'Name')),
          description: textOf(child(product, ram, 'Description')),
          sellerId: textOf(child(product, ram, 'SellerAssignedID')),
          buyerId: textOf(child(product, ram, 'BuyerAssignedID')),
          standardIds: defined(childrenNamed(product, ram, 'GlobalID').map((g) => identifierOf(g))),
          classifications: defined(
            childrenNamed(product, ram, 'DesignatedProductClassification').map((c) => identifierOf(child(c, ram, 'ClassCode'), 'listID')),
          ),
          originCountry: textOf(origin),
          originCountryLoc: origin ? xpathOf(origin) : undefined,
          attributes: childrenNamed(product, ram, 'ApplicableProductCharacteristic').map((a) => ({
            loc: xpathOf(a),
            name: textOf(child(a, ram, 'Description')),
            value: textOf(child(a, ram, 'Value')),
          })),
        }
      : undefined,
  };
}
