import { join, resolve } from 'node:path';

/** The repository root, wherever a test file sits. */
export const ROOT = resolve(__dirname, '..', '..');
/** The source tree the test folders mirror. */
export const SRC = join(ROOT, 'src');
/** The EN 16931 conformance data beside the repository (`../shared`). */
export const CONFORMANCE_DIR = join(ROOT, '..', 'shared', 'conformance', 'en16931');
/** The Peppol BIS Billing 3 conformance data (unit tests, bis-billing-expected.json, Schematron). */
export const PEPPOL_DIR = join(ROOT, '..', 'shared', 'conformance', 'peppol-bis3');
/** The conformance examples (ubl/, cii/, bis-billing/, ...). */
export const EXAMPLES = join(CONFORMANCE_DIR, 'examples');
