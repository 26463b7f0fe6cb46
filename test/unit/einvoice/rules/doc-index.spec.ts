import { readFileSync } from 'node:fs';
import { readXml, type XmlElement } from '../../../../src/einvoice';
import { elementsEndingWith, elementsNamed } from '../../../../src/einvoice/rules/doc-index';
import { resolveLimits } from '../../../../src/einvoice/xml/limits';
import { readXmlFully } from '../../../../src/einvoice/xml/reader';
import { walk } from '../../../../src/einvoice/xml/tree';
import { exampleFiles } from '../../../support/corpus';

/** Every element of the tree in document order. */
function everyElement(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  walk(root, (el) => out.push(el));
  return out;
}

/** A location of each element, to compare trees read twice. */
const where = (els: readonly XmlElement[]): string[] => els.map((el) => `${el.qname}@${el.line}:${el.column}`);

describe('elements by name', () => {
  it('gives every element of a name in document order, as the fast reading grouped them and as a scan finds them', () => {
    for (const example of exampleFiles().filter((f) => !f.name.includes('Allegato'))) {
      const text = readFileSync(example.file, 'utf8');
      const fast = readXml(text);
      // The full reading builds no groups: the elements are scanned.
      const full = readXmlFully(text, resolveLimits());
      const names = new Set(everyElement(fast).map((el) => el.local));
      for (const local of [...names, 'NoSuchElement']) {
        const expected = everyElement(fast).filter((el) => el.local === local);
        expect(elementsNamed(fast, local)).toEqual(expected);
        expect(where(elementsNamed(full, local))).toEqual(where(expected));
      }
      const amounts = everyElement(fast).filter((el) => el.local.endsWith('Amount') && el.attrs['currencyID'] !== undefined);
      expect(elementsEndingWith(fast, 'Amount', (el) => el.attrs['currencyID'] !== undefined)).toEqual(amounts);
      expect(where(elementsEndingWith(full, 'Amount', (el) => el.attrs['currencyID'] !== undefined))).toEqual(where(amounts));
    }
  });

  it('puts one local name under two prefixes in one list, in document order', () => {
    const root = readXml('<r xmlns:a="urn:a" xmlns:b="urn:b"><a:x/><b:x/><x/><a:y><b:x/></a:y></r>');
    expect(where(elementsNamed(root, 'x'))).toEqual(['a:x@1:41', 'b:x@1:47', 'x@1:51', 'b:x@1:62']);
  });

  it('still answers once more local names were read than there are slots for', () => {
    // More distinct names than the shared slots (4,096): later names get none, and their documents are scanned.
    const many = `<r>${Array.from({ length: 5000 }, (_, i) => `<n${i}/>`).join('')}</r>`;
    expect(elementsNamed(readXml(many), 'n4999')).toHaveLength(1);
    const root = readXml('<r><late>1</late><n1/><late>2</late><n1/></r>');
    expect(elementsNamed(root, 'late').map((el) => el.text)).toEqual(['1', '2']);
    expect(elementsNamed(root, 'n1')).toHaveLength(2);
    expect(elementsNamed(root, 'n2')).toHaveLength(0);
  });
});
