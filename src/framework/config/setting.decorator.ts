import 'reflect-metadata';

/** Metadata of one configuration field: where it comes from and how it is documented. */
export interface SettingMetadata {
  /** Property name on the configuration class. */
  property: string;
  /** Environment variable (and .env key) that feeds it. */
  env: string;
  description: string;
  /** Secret values are redacted in every output (provenance, logs, errors, samples). */
  secret: boolean;
  /** Dynamic fields may change on reload without a restart. */
  dynamic: boolean;
  /** Required fields must hold a value once every feeder has been merged (no default suffices). */
  required: boolean;
  /** Example value for the sample file when there is no default. */
  example?: string;
  /** Runtime type, read from the TypeScript design type. */
  type: 'string' | 'number' | 'boolean';
}

export type SettingOptions = Pick<SettingMetadata, 'env' | 'description'> &
  Partial<Pick<SettingMetadata, 'secret' | 'dynamic' | 'required' | 'example'>>;

const SETTINGS = Symbol('config:settings');

/** Declares a configuration field; pair it with class-validator rules for its constraints. */
export function Setting(options: SettingOptions): PropertyDecorator {
  return (target, propertyKey) => {
    const designType = Reflect.getMetadata('design:type', target, propertyKey) as unknown;
    const type = designType === Number ? 'number' : designType === Boolean ? 'boolean' : 'string';
    const existing = (Reflect.getOwnMetadata(SETTINGS, target.constructor) as SettingMetadata[] | undefined) ?? [];
    const entry: SettingMetadata = {
      property: String(propertyKey),
      secret: false,
      dynamic: false,
      required: false,
      ...options,
      type,
    };
    Reflect.defineMetadata(SETTINGS, [...existing, entry], target.constructor);
  };
}

export function settingsOf(configClass: abstract new () => object): SettingMetadata[] {
  return (Reflect.getMetadata(SETTINGS, configClass) as SettingMetadata[] | undefined) ?? [];
}
