/**
 * CII syntax-binding rules (CII-SR-*): elements of the CII D16B schema that
 * EN 16931 does not use, and cardinalities the model cannot see. This is the
 * subset for the document context, the exchanged document, the line and the
 * traded product; see docs/conformance.md for what is not transcribed.
 */
import { NS } from '../parse/namespaces';
import { countChildren, xpathOf } from '../xml/tree';
import { defineRule, type Rule, type Severity } from './rule';
import { select } from './tree-query';

const F = 'CII-syntax';
const CONTEXT = 'rsm:ExchangedDocumentContext';
const DOCUMENT = 'rsm:ExchangedDocument';
const LINE = 'rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem';
const PRODUCT = `${LINE}/ram:SpecifiedTradeProduct`;

/** [id, context path from the root, child element, kind]: 'absent' = should not be present; 'max1' / 'exactly1' = cardinality. */
const TABLE: Array<[string, string, string, 'absent' | 'max1' | 'exactly1', Severity]> = [
  ['CII-SR-001', CONTEXT, 'ram:SpecifiedTransactionID', 'absent', 'warning'],
  ['CII-SR-002', CONTEXT, 'ram:TestIndicator', 'absent', 'warning'],
  ['CII-SR-003', CONTEXT, 'ram:BusinessProcessSpecifiedDocumentContextParameter', 'max1', 'warning'],
  ['CII-SR-006', CONTEXT, 'ram:BIMSpecifiedDocumentContextParameter', 'absent', 'warning'],
  ['CII-SR-007', CONTEXT, 'ram:ScenarioSpecifiedDocumentContextParameter', 'absent', 'warning'],
  ['CII-SR-008', CONTEXT, 'ram:ApplicationSpecifiedDocumentContextParameter', 'absent', 'warning'],
  ['CII-SR-009', CONTEXT, 'ram:GuidelineSpecifiedDocumentContextParameter', 'exactly1', 'fatal'],
  ['CII-SR-010', `${CONTEXT}/ram:GuidelineSpecifiedDocumentContextParameter`, 'ram:ID', 'exactly1', 'fatal'],
  ['CII-SR-011', CONTEXT, 'ram:SubsetSpecifiedDocumentContextParameter', 'absent', 'warning'],
  ['CII-SR-012', CONTEXT, 'ram:MessageStandardSpecifiedDocumentContextParameter', 'absent', 'warning'],
  ['CII-SR-013', DOCUMENT, 'ram:Name', 'absent', 'warning'],
  ['CII-SR-014', DOCUMENT, 'ram:TypeCode', 'exactly1', 'fatal'],
  ['CII-SR-015', DOCUMENT, 'ram:DateTime', 'absent', 'warning'],
  ['CII-SR-016', DOCUMENT, 'ram:CopyIndicator', 'absent', 'warning'],
  ['CII-SR-017', DOCUMENT, 'ram:Purpose', 'absent', 'warning'],
  ['CII-SR-018', DOCUMENT, 'ram:ControlRequirementIndicator', 'absent', 'warning'],
  ['CII-SR-019', DOCUMENT, 'ram:LanguageID', 'absent', 'warning'],
  ['CII-SR-020', DOCUMENT, 'ram:PurposeCode', 'absent', 'warning'],
  ['CII-SR-021', DOCUMENT, 'ram:RevisionDateTime', 'absent', 'warning'],
  ['CII-SR-022', DOCUMENT, 'ram:VersionID', 'absent', 'warning'],
  ['CII-SR-023', DOCUMENT, 'ram:GlobalID', 'absent', 'warning'],
  ['CII-SR-024', DOCUMENT, 'ram:RevisionID', 'absent', 'warning'],
  ['CII-SR-025', DOCUMENT, 'ram:PreviousRevisionID', 'absent', 'warning'],
  ['CII-SR-026', DOCUMENT, 'ram:CategoryCode', 'absent', 'warning'],
  ['CII-SR-030', `${DOCUMENT}/ram:IncludedNote`, 'ram:Content', 'max1', 'warning'],
  ['CII-SR-033', DOCUMENT, 'ram:EffectiveSpecifiedPeriod', 'absent', 'warning'],
  ['CII-SR-034', DOCUMENT, 'ram:IssuerTradeParty', 'absent', 'warning'],
  ['CII-SR-221', LINE, 'ram:IncludedSubordinateTradeLineItem', 'absent', 'warning'],
  ['CII-SR-045', PRODUCT, 'ram:ID', 'absent', 'warning'],
  ['CII-SR-048', PRODUCT, 'ram:ManufacturerAssignedID', 'absent', 'warning'],
  ['CII-SR-049', PRODUCT, 'ram:TradeName', 'absent', 'warning'],
  ['CII-SR-050', PRODUCT, 'ram:TypeCode', 'absent', 'warning'],
  ['CII-SR-051', PRODUCT, 'ram:NetWeightMeasure', 'absent', 'warning'],
  ['CII-SR-052', PRODUCT, 'ram:GrossWeightMeasure', 'absent', 'warning'],
  ['CII-SR-053', PRODUCT, 'ram:ProductGroupID', 'absent', 'warning'],
  ['CII-SR-054', PRODUCT, 'ram:EndItemTypeCode', 'absent', 'warning'],
  ['CII-SR-055', PRODUCT, 'ram:EndItemName', 'absent', 'warning'],
  ['CII-SR-056', PRODUCT, 'ram:AreaDensityMeasure', 'absent', 'warning'],
  ['CII-SR-057', PRODUCT, 'ram:UseDescription', 'absent', 'warning'],
  ['CII-SR-058', PRODUCT, 'ram:BrandName', 'absent', 'warning'],
  ['CII-SR-059', PRODUCT, 'ram:SubBrandName', 'absent', 'warning'],
  ['CII-SR-060', PRODUCT, 'ram:DrainedNetWeightMeasure', 'absent', 'warning'],
  ['CII-SR-061', PRODUCT, 'ram:VariableMeasureIndicator', 'absent', 'warning'],
  ['CII-SR-062', PRODUCT, 'ram:ColourCode', 'absent', 'warning'],
  ['CII-SR-063', PRODUCT, 'ram:ColourDescription', 'absent', 'warning'],
  ['CII-SR-064', PRODUCT, 'ram:Designation', 'absent', 'warning'],
  ['CII-SR-065', PRODUCT, 'ram:FormattedCancellationAnnouncedLaunchDateTime', 'absent', 'warning'],
  ['CII-SR-066', PRODUCT, 'ram:FormattedLatestProductDataChangeDateTime', 'absent', 'warning'],
  ['CII-SR-069', `${PRODUCT}/ram:ApplicableProductCharacteristic`, 'ram:Description', 'max1', 'fatal'],
  ['CII-SR-072', `${PRODUCT}/ram:ApplicableProductCharacteristic`, 'ram:Value', 'max1', 'fatal'],
  ['CII-SR-087', PRODUCT, 'ram:IndividualTradeProductInstance', 'absent', 'warning'],
  ['CII-SR-088', PRODUCT, 'ram:CertificationEvidenceReferenceReferencedDocument', 'absent', 'warning'],
  ['CII-SR-089', PRODUCT, 'ram:InspectionReferenceReferencedDocument', 'absent', 'warning'],
  ['CII-SR-090', `${PRODUCT}/ram:OriginTradeCountry`, 'ram:ID', 'max1', 'fatal'],
  ['CII-SR-093', PRODUCT, 'ram:LinearSpatialDimension', 'absent', 'warning'],
  ['CII-SR-094', PRODUCT, 'ram:MinimumLinearSpatialDimension', 'absent', 'warning'],
  ['CII-SR-095', PRODUCT, 'ram:MaximumLinearSpatialDimension', 'absent', 'warning'],
  ['CII-SR-096', PRODUCT, 'ram:ManufacturerTradeParty', 'absent', 'warning'],
  ['CII-SR-097', PRODUCT, 'ram:PresentationSpecifiedBinaryFile', 'absent', 'warning'],
  ['CII-SR-098', PRODUCT, 'ram:MSDSReferenceReferencedDocument', 'absent', 'warning'],
  ['CII-SR-099', PRODUCT, 'ram:AdditionalReferenceReferencedDocument', 'absent', 'warning'],
  ['CII-SR-100', PRODUCT, 'ram:LegalRightsOwnerTradeParty', 'absent', 'warning'],
  ['CII-SR-101', PRODUCT, 'ram:BrandOwnerTradeParty', 'absent', 'warning'],
  ['CII-SR-102', PRODUCT, 'ram:IncludedReferencedProduct', 'absent', 'warning'],
  ['CII-SR-103', PRODUCT, 'ram:InformationNote', 'absent', 'warning'],
];

function localOf(step: string): string {
  return step.slice(step.indexOf(':') + 1);
}

function tableRule([id, context, childStep, kind, severity]: (typeof TABLE)[number]): Rule {
  const name = localOf(childStep);
  const message =
    kind === 'absent' ? `${name} should not be present` : kind === 'max1' ? `${name} should exist maximum once` : `${name} must exist exactly once`;
  return defineRule(
    F,
    id,
    severity,
    message,
    ({ doc }, fire) => {
      for (const ctx of select(doc.root, context)) {
        const n = countChildren(ctx, NS.ram, name);
        const ok = kind === 'absent' ? n === 0 : kind === 'max1' ? n <= 1 : n === 1;
        if (!ok) fire(xpathOf(ctx));
      }
    },
    'CII',
  );
}

export const ciiSyntaxRules: Rule[] = [
  ...TABLE.map(tableRule),
  defineRule(
    F,
    'CII-SR-046',
    'fatal',
    'schemeID must be present if GlobalID is present',
    ({ doc }, fire) => {
      for (const g of select(doc.root, `${PRODUCT}/ram:GlobalID`)) if (g.attrs['schemeID'] === undefined) fire(xpathOf(g));
    },
    'CII',
  ),
];
