export * from './code-set';
export * from './iso4217';
export * from './iso3166';
export * from './untdid';
export * from './identifier-schemes';
export * from './unece-units';
export * from './vatex';
export * from './mime';
