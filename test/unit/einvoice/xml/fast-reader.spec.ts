import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readXml, type XmlElement } from '../../../../src/einvoice';
import { GiveUp, readFast } from '../../../../src/einvoice/xml/fast-reader';
import { resolveLimits, type XmlLimits } from '../../../../src/einvoice/xml/limits';
import { decodeXmlBytes, readXmlFully } from '../../../../src/einvoice/xml/reader';
import { mutationsOf, prng } from '../../../support/hostile-input';
import { CONFORMANCE_DIR } from '../../../support/paths';

/** A tree as plain data: what the two readings must agree on (positions included). */
interface PlainTree {
  local: string;
  qname: string;
  ns: string;
  attrs: Record<string, string>;
  text: string;
  line: number;
  column: number;
  children: PlainTree[];
}

function plainTree(el: XmlElement): PlainTree {
  return { local: el.local, qname: el.qname, ns: el.ns, attrs: { ...el.attrs }, text: el.text, line: el.line, column: el.column, children: el.children.map(plainTree) };
}

type Outcome = { tree: PlainTree } | { error: string };

function fully(text: string, limits: XmlLimits): Outcome {
  try {
    return { tree: plainTree(readXmlFully(text, limits)) };
  } catch (e) {
    return { error: e instanceof Error ? e.constructor.name : String(e) };
  }
}

/** The fast reading's tree, or undefined when it gave up (anything else it throws is a fault). */
function fast(text: string, limits: XmlLimits): PlainTree | undefined {
  try {
    return plainTree(readFast(text, limits));
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
}

/**
 * The contract of the fast reading: whatever it accepts, the full reading accepts too, with the
 * same tree (names, namespaces, attributes, text, line and column). Returns whether it accepted.
 */
function expectAgreement(text: string, limits: XmlLimits = resolveLimits()): boolean {
  const quick = fast(text, limits);
  if (quick === undefined) return false;
  const outcome = fully(text, limits);
  // jest's diff only when they differ: comparing every tree through toEqual is slow.
  if (!isDeepStrictEqual(outcome, { tree: quick })) expect({ text, outcome }).toEqual({ text, outcome: { tree: quick } });
  return true;
}

function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...xmlFiles(p));
    else if (/\.xml$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

describe('fast XML reading', () => {
  const files = xmlFiles(CONFORMANCE_DIR).filter((f) => !f.includes('official-xslt'));

  it('reads every conformance document (examples and unit-test files) as the full reading does, also with CR LF, CR and tab white space', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = decodeXmlBytes(readFileSync(file));
      for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), text.replace(/ {2}/g, '\t')]) {
        // Accepted (not only agreeing when accepted): the examples are what the fast reading is for.
        expect({ file, accepted: expectAgreement(variant) }).toEqual({ file, accepted: true });
      }
    }
  });

  it('agrees with the full reading on seeded mutations of the examples, or gives up', () => {
    let seed = 1;
    let accepted = 0;
    for (const file of files.filter((f) => f.includes('examples') && !f.includes('Allegato'))) {
      for (const m of mutationsOf(readFileSync(file), seed++, 4)) if (expectAgreement(decodeXmlBytes(m.bytes))) accepted++;
    }
    expect(accepted).toBeGreaterThan(0);
  });

  // Random documents of well-formed and malformed pieces around the edges of the accepted subset:
  // line ends, surrogates, brackets, entities, CDATA, comments, PIs, declarations, prefixes, limits.
  const VALID = [
    ' ', '\n', '\r', '\r\n', '\t', 'x', 'é', '😀', '\u007f', '\u0085', '\u2028', '\ufeff', ']', ']]', '>', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x1F600;',
    '&#13;', '&#10;', '&#x9;', '<!-- c -->', '<!---->', '<!-- - -->', '<![CDATA[ <x> ]]>', '<![CDATA[a\r\nb]]]>', '<![CDATA[]]>', '<?pi d?>', '<?pi?>', '<?xml-stylesheet x?>',
    '<b x="1"/>', '<a b="x\ny\r\nz\tw&amp;&#10;"/>', "<a b='1' c = \"2\" />", '<a\n/>', '<a xml:lang="en"/>', '<a b="😀"/>', '<p:c xmlns:p="urn:p" p:x="1" y="2"/>',
    '<c xmlns="urn:c"><d/></c>', '<e\r\n  f="1"\r\n  g="2"\r\n/>', '<a>t</a >', '<a></a\n>',
  ];
  const ANY = [
    ...VALID, '<a>', '</a>', '<b>', '</b>', '<p:c>', '</p:c>', '<a xmlns="urn:a">', '<a xmlns:p="urn:p">', '<b xmlns:p="">', '<b p:x="1" q:x="2" xmlns:p="urn:p" xmlns:q="urn:p">',
    '\ud83d', '\ude00', '\u0001', '\ufffe', ']]>', '&#0;', '&#xD800;', '&foo;', '&', ';', '&#x;', '&constructor;', '&__proto__;', '<!-- -- -->', '<!--->', '<![CDATA[', '<?XML x?>',
    '<?p:i x?>', '<?xml version="1.0"?>', '<!DOCTYPE a>', '<a b="1"c="2">', '<a b="<">', '<a b="1" b="2">', '<a / >', '<1a>', '<:a>', '<a:>', '<a:b:c xmlns:a="u">', '<é>', '</é>',
    '<a xmlns:xml="http://www.w3.org/XML/1998/namespace">', '<a xmlns:xmlns="u">', '<xmlns:a>', '<a b="\ud83d">', '<?xml version="1.1"?>',
  ];
  const PROLOGS = ['', '', '<?xml version="1.0"?>', '\ufeff', '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n', ' <?xml version="1.0"?>', "<?xml version='1.0'\n?>", '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>', '<?xml version="1.1"?>'];
  const EPILOGS = ['', '', '', '\n', ' <!-- x -->', '<?p q?>', 'x', '<r/>', '\r\n\r\n', '<![CDATA[x]]>'];

  it('agrees with the full reading on random documents near the edges of what it accepts', () => {
    const rand = prng(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const limits = { ...resolveLimits(), maxDepth: 4, maxElements: 40, maxTextLength: 60 };
    let accepted = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = `${pick(PROLOGS)}<r>`;
      const pieces = 1 + Math.floor(rand() * 14);
      for (let j = 0; j < pieces; j++) text += rand() < 0.9 ? pick(VALID) : pick(ANY);
      if (rand() < 0.85) text += '</r>';
      text += pick(EPILOGS);
      if (expectAgreement(text, limits)) accepted++;
    }
    // Most of them are well-formed and plain: the fast reading takes them.
    expect(accepted).toBeGreaterThan(5_000);
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['an undefined entity', '<r>&custom;</r>'],
    ['a character reference outside XML 1.0 Char', '<r>&#1;</r>'],
    ['a duplicate attribute', '<r x="1" x="2"/>'],
    ['two attributes with one expanded name', '<r xmlns:a="urn:a" xmlns:b="urn:a"><s a:x="1" b:x="2"/></r>'],
    [']]> in text', '<r>a]]>b</r>'],
    ['a control character', '<r>\u0001</r>'],
    ['a lone surrogate', '<r>\ud83d</r>'],
    ['U+FFFE', '<r>\ufffe</r>'],
    ['an XML 1.1 declaration', '<?xml version="1.1"?><r/>'],
    ['a declaration after white space', ' <?xml version="1.0"?><r/>'],
    ['an unbound prefix', '<a:r/>'],
    ['an empty prefixed declaration', '<r xmlns:p=""/>'],
    ['a non-ASCII name', '<é/>'],
    ['text after the root', '<r/>x'],
    ['a second root', '<r/><s/>'],
    ['a mismatched end tag', '<r></s>'],
    ['an unclosed root', '<r>'],
    ['an unquoted attribute', '<r a=1/>'],
    ['a comment with --', '<r><!-- a -- b --></r>'],
  ])('gives up on %s, and readXml answers as the full reading does', (_what, text) => {
    const limits = resolveLimits();
    expect(fast(text, limits)).toBeUndefined();
    const expected = fully(text, limits);
    let actual: Outcome;
    try {
      actual = { tree: plainTree(readXml(text)) };
    } catch (e) {
      actual = { error: e instanceof Error ? e.constructor.name : String(e) };
    }
    expect(actual).toEqual(expected);
  });

  it('gives up at the limits, so the full reading reports them', () => {
    expect(fast('<r><a><b/></a></r>', { ...resolveLimits(), maxDepth: 2 })).toBeUndefined();
    expect(fast('<r><a/><a/></r>', { ...resolveLimits(), maxElements: 2 })).toBeUndefined();
    expect(fast('<r>abc<![CDATA[def]]></r>', { ...resolveLimits(), maxTextLength: 5 })).toBeUndefined();
  });

  // Linear in the worst case: each of these would take minutes if a step were quadratic in its size.
  it('stays linear on large hostile shapes', () => {
    const many = 200_000;
    const attrs = Array.from({ length: many }, (_, i) => ` a${i}="${i}"`).join('');
    expect(Object.keys(fast(`<r${attrs}/>`, resolveLimits())?.attrs ?? {})).toHaveLength(many);
    const prefixed = Array.from({ length: many }, (_, i) => ` p:a${i}="${i}"`).join('');
    expect(Object.keys(fast(`<r xmlns:p="urn:p"${prefixed}/>`, resolveLimits())?.attrs ?? {})).toHaveLength(many);
    expect(fast(`<r>${'&amp;'.repeat(many)}${'&'.repeat(many)};</r>`, resolveLimits())).toBeUndefined();
    expect(fast(`<r>${'&amp;&#x41;\r\n]]'.repeat(many)}</r>`, resolveLimits())?.text).toHaveLength(5 * many);
    expect(fast(`<r>${'<!-- - -->'.repeat(many)}${'<?p ? ?>'.repeat(many)}</r>`, resolveLimits())?.text).toBe('');
    expect(fast(`<r>${'<a/>'.repeat(many / 2)}</r>`, resolveLimits())?.children).toHaveLength(many / 2);
  });
});
