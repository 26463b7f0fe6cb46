/** Safety limits for reading untrusted XML. Every limit is enforced while streaming. */
export interface XmlLimits {
  /** Maximum input size in bytes (default 20 MB). */
  maxBytes: number;
  /** Maximum element nesting depth (default 64). */
  maxDepth: number;
  /** Maximum number of elements (default 200 000). */
  maxElements: number;
  /** Maximum length of the text content of one element, in characters (default 10 M, base64 attachments are large). */
  maxTextLength: number;
}

export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 200_000,
  maxTextLength: 10 * 1024 * 1024,
});

export function resolveLimits(partial?: Partial<XmlLimits>): XmlLimits {
  return { ...DEFAULT_XML_LIMITS, ...(partial ?? {}) };
}
