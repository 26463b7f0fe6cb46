/**
 * Worker thread entry of the invoice engine (run by the WorkerPool, never imported by the main
 * thread): its tasks are engine-tasks.ts.
 *
 * pdf-lib reports the damage it recovers from through console.warn ("Invalid object ref", …): in
 * the service those lines would bypass the structured log, once per broken object of an untrusted
 * PDF. This thread only runs engine tasks, so they are dropped here; a PDF it cannot read still
 * fails as a ParseError. (PDFs are never read in the calling thread.)
 */
// eslint-disable-next-line no-console -- replacing, not writing: see above
console.warn = () => undefined;

export { lenient, parse, report, validate, validateJson } from './engine-tasks';
