import { createHash } from 'node:crypto';
import { consoleContentSecurityPolicy } from '../../../src/console/console-csp';
import { RENDERING_STYLE, reportHtml } from '../../../src/invoices/rendering/invoice-html';

/** The directives of a CSP header, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("the console's Content-Security-Policy", () => {
  it('allows scripts and styles from the service only: no inline script, no eval, no framing, nothing by default', () => {
    const csp = directives(consoleContentSecurityPolicy(undefined));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect([...csp.values()].flat().filter((value) => /unsafe/.test(value))).toEqual([]);
  });

  it("lets the page call the OIDC provider's origin, and only that", () => {
    const csp = directives(consoleContentSecurityPolicy('https://login.example.com/realms/acme'));
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://login.example.com']);
  });

  it("allows the rendering's one inline style block by its hash, which matches the block the renderer writes", () => {
    const styles = directives(consoleContentSecurityPolicy(undefined)).get('style-src') ?? [];
    const hash = `'sha256-${createHash('sha256').update(RENDERING_STYLE).digest('base64')}'`;
    expect(styles).toEqual(["'self'", hash]);
    // The hash covers the text between <style> and </style> exactly as rendered.
    const html = reportHtml('Report', null);
    const block = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    expect(block).toBe(RENDERING_STYLE);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle=/);
  });
});
