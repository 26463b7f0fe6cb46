/** All rules, in reporting order. */
import { ciiSyntaxRules } from './cii-syntax';
import { codelistRules } from './codelist-rules';
import { coRules } from './co';
import { coreRules } from './core';
import { decRules } from './dec';
import type { Rule } from './rule';
import { ublSyntaxRules } from './ubl-syntax';
import { vatCategoryRules } from './vat-category';

export const ALL_RULES: readonly Rule[] = [...coreRules, ...coRules, ...decRules, ...vatCategoryRules, ...codelistRules, ...ublSyntaxRules, ...ciiSyntaxRules];

/** Rule by id, e.g. for documentation or selective runs. */
export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));
