import type { RuleSetId } from '../../einvoice';
import type { XmlSource } from '../../pipeline/contracts';
import type { SpeculationPlan, ValidateTaskOutput } from './engine-results';

/** What the validate calls of one key (a tenant's configuration) asked for lately. */
interface Forecast {
  /** By claimed rule set, the rule set the last validate call asked for. */
  wanted: Partial<Record<RuleSetId, RuleSetId>>;
  /** Speculative reports made since a validate call last asked for one of this key's sources. */
  unasked: number;
}

interface Entry {
  forecast: Forecast;
  claimed: RuleSetId;
  report?: ValidateTaskOutput;
}

/** Past this many reports that no validate call asked for, a key's parses stop judging (until one asks again). */
const UNASKED_LIMIT = 256;
/** Keys remembered; the oldest is forgotten beyond (it learns again: one trip more). */
const KEYS_MAX = 1024;

/**
 * Validation reports made in the parse task's trip (one worker trip per XML invoice instead of
 * two), for the validate call that follows with the very source object the parse returned.
 *
 * The parse task judges the tree it just read by the rule set validate is expected to ask for:
 * the one the key's last validate call asked for when the document claimed the same rule set
 * (a tenant's validate module and TENANT_VALIDATE_RULE_SET rarely change). Nothing learnt for the
 * claim (its CustomizationID): no report, validate makes its trip and teaches it. validate uses the report only when it asks for exactly that rule set on
 * that source object, and only once; otherwise it makes its own trip, as without this. Keys are
 * a tenant's configuration (the parse module's choice), so one tenant's choice never costs another
 * a wasted report (nor a shadow run's candidate the active configuration), and a key whose sources
 * are never validated (a pipeline without an engine validate module) stops after UNASKED_LIMIT
 * reports. Entries hang off the source objects in a WeakMap: nothing outlives its invoice.
 */
export class SpeculativeReports {
  private readonly entries = new WeakMap<XmlSource, Entry>();
  private readonly forecasts = new Map<string, Forecast>();

  /** What a parse task for this key should judge by. */
  plan(key: string): SpeculationPlan {
    const forecast = this.forecasts.get(key);
    if (forecast === undefined) return {};
    return forecast.unasked < UNASKED_LIMIT && forecast.wanted;
  }

  /** The parse task's answer for the source object it returned. */
  keep(key: string, source: XmlSource, claimed: RuleSetId, report: ValidateTaskOutput | undefined): void {
    let forecast = this.forecasts.get(key);
    if (forecast === undefined) {
      if (this.forecasts.size >= KEYS_MAX) this.forecasts.delete(this.forecasts.keys().next().value as string);
      forecast = { wanted: {}, unasked: 0 };
      this.forecasts.set(key, forecast);
    }
    if (report !== undefined) forecast.unasked++;
    this.entries.set(source, { forecast, claimed, report });
  }

  /** The report made for this very source by this rule set (absent: the claimed one), once; undefined: validate makes its trip. */
  take(source: XmlSource, ruleSet: RuleSetId | undefined): ValidateTaskOutput | undefined {
    const entry = this.entries.get(source);
    if (entry === undefined) return undefined;
    this.entries.delete(source);
    const wanted = ruleSet ?? entry.claimed;
    entry.forecast.wanted[entry.claimed] = wanted;
    entry.forecast.unasked = 0;
    return entry.report?.ruleSet === wanted ? entry.report : undefined;
  }
}
