/** The stage contracts: one file per stage, the registry, and the shape they share. */
export * from './approval.contract';
export * from './duplicate-check.contract';
export * from './enrich.contract';
export * from './export.contract';
export * from './parse.contract';
export * from './registry';
export * from './stage-contract';
export * from './validate.contract';
