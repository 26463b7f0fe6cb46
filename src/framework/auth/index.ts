export * from './current-principal.decorator';
export * from './principal';
export * from './public.decorator';
export * from './roles';
export * from './roles.decorator';
