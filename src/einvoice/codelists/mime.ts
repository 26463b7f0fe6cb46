/** MIME codes allowed for attached documents (BR-CL-24). */
import { codeSet } from './code-set';

export const ATTACHMENT_MIME_CODES = codeSet(`
application/pdf image/png image/jpeg text/csv application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
application/vnd.oasis.opendocument.spreadsheet
`);
