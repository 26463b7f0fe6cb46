import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { CapabilityContractEntity } from './capability-contract.entity';

/** A step of the invoice workflow, run in `order`; required stages must have a selection. */
@Entity({ name: 'processing_stages', comment: 'platform: the stage list is the same for every tenant' })
@Unique('processing_stages_order_unique', ['order'])
export class ProcessingStageEntity {
  @PrimaryColumn({ name: 'stage_id', type: 'text' })
  stageId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  order!: number;

  @Column({ name: 'capability_contract_id', type: 'text' })
  capabilityContractId!: string;

  @ManyToOne(() => CapabilityContractEntity, { nullable: false })
  @JoinColumn({ name: 'capability_contract_id', foreignKeyConstraintName: 'processing_stages_contract_fk' })
  contract?: CapabilityContractEntity;

  @Column({ name: 'is_required', type: 'boolean' })
  isRequired!: boolean;
}
