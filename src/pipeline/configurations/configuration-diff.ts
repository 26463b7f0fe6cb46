import { isDeepStrictEqual } from 'node:util';
import type { Selection } from './selection';

export interface SettingChange {
  key: string;
  a: unknown;
  b: unknown;
}

export interface StageDiff {
  stage_id: string;
  a: { module_id: string; settings: Record<string, unknown> } | null;
  b: { module_id: string; settings: Record<string, unknown> } | null;
  module_changed: boolean;
  settings_changes: SettingChange[];
}

/** Per stage: which module each version selects and which top-level settings differ. */
export function diffSelections(a: Selection[], b: Selection[]): StageDiff[] {
  const byStage = (selections: Selection[]) => new Map(selections.map((s) => [s.stageId, s]));
  const left = byStage(a);
  const right = byStage(b);
  const stages = [...new Set([...left.keys(), ...right.keys()])].sort();
  return stages.map((stageId) => {
    const x = left.get(stageId);
    const y = right.get(stageId);
    const keys = [...new Set([...Object.keys(x?.settings ?? {}), ...Object.keys(y?.settings ?? {})])].sort();
    return {
      stage_id: stageId,
      a: x ? { module_id: x.moduleId, settings: x.settings } : null,
      b: y ? { module_id: y.moduleId, settings: y.settings } : null,
      module_changed: x?.moduleId !== y?.moduleId,
      settings_changes: keys
        .filter((key) => !isDeepStrictEqual(x?.settings[key], y?.settings[key]))
        .map((key) => ({ key, a: x?.settings[key], b: y?.settings[key] })),
    };
  });
}
