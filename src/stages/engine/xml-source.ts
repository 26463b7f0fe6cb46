/**
 * What the validate stage needs from the parse stage: the XML that was parsed (for a Factur-X
 * PDF, the XML embedded in it) and where it came from. Validation reads it again in a worker
 * thread: the element tree cannot cross threads cheaper than it is rebuilt (structured cloning it
 * costs about as much as reading the bytes, and it would cross twice), and bytes are compact.
 */
export interface XmlSource {
  xml: Uint8Array;
  container: 'xml' | 'pdf';
}
