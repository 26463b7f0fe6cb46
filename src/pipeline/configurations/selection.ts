/** A stage → module choice with its settings, as submitted or as stored. */
export interface Selection {
  stageId: string;
  moduleId: string;
  settings: Record<string, unknown>;
}
