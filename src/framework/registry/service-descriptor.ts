export const SERVICE_SCOPES = ['global', 'tenant', 'instance'] as const;
export type ServiceScope = (typeof SERVICE_SCOPES)[number];

/** A dependency of a published service, by name or by interface. */
export interface ServiceDependency {
  name?: string;
  interface?: string;
  /** An optional dependency that is missing does not block boot. */
  optional?: boolean;
}

/** What a provider declares when it publishes itself. */
export interface PublishOptions {
  /** Unique key within its scope, e.g. `stage.validate`. */
  name: string;
  /** Interface token several providers may share, e.g. `PipelineStage`. */
  interface?: string;
  scope?: ServiceScope;
  /** Higher wins among candidates for one interface. Default 0. */
  priority?: number;
  /** Replace an existing registration with the same name and scope instead of being refused. */
  override?: boolean;
  dependsOn?: ServiceDependency[];
}

/** A registry entry as listed by the admin endpoint (no instance). */
export interface ServiceDescriptor {
  name: string;
  interface?: string;
  scope: ServiceScope;
  priority: number;
  registeredAt: Date;
  /** Nest module (or caller) that published it. */
  providerModule: string;
  dependsOn: ServiceDependency[];
}
