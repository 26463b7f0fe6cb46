import { getMetadataStorage } from 'class-validator';

/**
 * A readable summary of a settings DTO for the catalogue's metadata: property → the names of
 * its class-validator constraints (e.g. `{ url: ['isUrl'], timeoutMs: ['isInt', 'min'] }`).
 */
export function settingsSchemaOf(settingsClass: (new () => object) | undefined): Record<string, string[]> {
  if (!settingsClass) return {};
  const schema: Record<string, string[]> = {};
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(settingsClass, '', true, false)) {
    const name = meta.name ?? meta.type;
    (schema[meta.propertyName] ??= []).push(name);
  }
  for (const names of Object.values(schema)) names.sort();
  return schema;
}
