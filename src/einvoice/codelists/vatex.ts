/** CEF VATEX VAT exemption reason codes (BR-CL-22); compared case-insensitively as newer lists allow. */
import { codeSet } from './code-set';

export const VATEX_CODES = codeSet(`
vatex-eu-79-c vatex-eu-132 vatex-eu-132-1a vatex-eu-132-1b vatex-eu-132-1c vatex-eu-132-1d vatex-eu-132-1e
vatex-eu-132-1f vatex-eu-132-1g vatex-eu-132-1h vatex-eu-132-1i vatex-eu-132-1j vatex-eu-132-1k vatex-eu-132-1l
vatex-eu-132-1m vatex-eu-132-1n vatex-eu-132-1o vatex-eu-132-1p vatex-eu-132-1q vatex-eu-143 vatex-eu-143-1a
vatex-eu-143-1b vatex-eu-143-1c vatex-eu-143-1d vatex-eu-143-1e vatex-eu-143-1f vatex-eu-143-1fa vatex-eu-143-1g
vatex-eu-143-1h vatex-eu-143-1i vatex-eu-143-1j vatex-eu-143-1k vatex-eu-143-1l vatex-eu-144 vatex-eu-146-1e
vatex-eu-148 vatex-eu-148-a vatex-eu-148-b vatex-eu-148-c vatex-eu-148-d vatex-eu-148-e vatex-eu-148-f
vatex-eu-148-g vatex-eu-151 vatex-eu-151-1a vatex-eu-151-1aa vatex-eu-151-1b vatex-eu-151-1c vatex-eu-151-1d
vatex-eu-151-1e vatex-eu-159 vatex-eu-309 vatex-eu-ae vatex-eu-d vatex-eu-f vatex-eu-g vatex-eu-i vatex-eu-ic
vatex-eu-j vatex-eu-o vatex-fr-franchise vatex-fr-cnwvat
`);
