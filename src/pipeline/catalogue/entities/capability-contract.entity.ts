import { Check, Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** What a stage needs from a module: inputs, outputs, behavioural guarantees, constraints. */
@Entity({ name: 'capability_contracts', comment: 'platform: capability contracts are shared by every tenant' })
@Unique('capability_contracts_name_version_unique', ['name', 'version'])
@Check('capability_contracts_semver', `version ~ '^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$'`)
@Check('capability_contracts_id_is_name_at_version', `contract_id = name || '@' || version`)
export class CapabilityContractEntity {
  /** `<name>@<semver>`, e.g. `parse@1.0.0`. */
  @PrimaryColumn({ name: 'contract_id', type: 'text' })
  contractId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  inputs!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  outputs!: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  guarantees!: unknown[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  constraints!: Record<string, unknown>;
}
