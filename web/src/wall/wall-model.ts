import { AggregateSeries, labelsKey } from '../lib/aggregate-series.js';
import type { IncidentView, QueryRangeView, StreamMessage, TargetView } from '../lib/types.js';
import { numberOf } from '../lib/types.js';
import { FACT_METRICS, HEADLINES, type Headline, matches } from './headlines.js';
import type { Fact } from './network-model.js';

const OPEN = new Set(['registered', 'diagnosing']);
/** Headline window: the last hour. */
export const HEADLINE_WINDOW_SECONDS = 3600;

/**
 * Everything the wall shows, kept between renders: targets, open incidents, the latest value of the
 * series the grid needs, and the headline charts. REST answers replace it; stream messages patch it.
 */
export class WallModel {
  readonly targets = new Map<string, TargetView>();
  readonly incidents = new Map<string, IncidentView>();
  readonly facts = new Map<string, Fact>();
  readonly charts = new Map<Headline['id'], AggregateSeries>(HEADLINES.map((h) => [h.id, new AggregateSeries(h.fold, HEADLINE_WINDOW_SECONDS)]));

  /** Replaces the targets with a `GET /targets` answer. */
  setTargets(list: readonly TargetView[]): void {
    this.targets.clear();
    for (const target of list) this.targets.set(target.target, target);
  }

  /** Replaces the open incidents with a `GET /incidents` answer. */
  setIncidents(list: readonly IncidentView[]): void {
    this.incidents.clear();
    for (const incident of list) if (OPEN.has(incident.status)) this.incidents.set(incident.number, incident);
  }

  /** Takes the latest point of every series of a query_range answer as the grid's facts for that metric. */
  setFacts(metric: string, answer: QueryRangeView): void {
    for (const [key, fact] of this.facts) if (fact.metric === metric) this.facts.delete(key);
    for (const series of answer.series) {
      const last = series.points.at(-1);
      if (last) this.facts.set(`${metric}${labelsKey(series.labels)}`, { metric, labels: series.labels, t: last[0], v: numberOf(last[1]) });
    }
  }

  /** Seeds a headline chart. */
  seedChart(id: Headline['id'], answer: QueryRangeView): void {
    this.charts.get(id)?.seed(answer);
  }

  /** Applies one stream message; what changed, so the screen redraws only that. */
  apply(message: StreamMessage): { grid: boolean; incidents: boolean; charts: boolean } {
    const changed = { grid: false, incidents: false, charts: false };
    switch (message.type) {
      case 'target':
        this.targets.set(message.target.target, message.target);
        changed.grid = true;
        break;
      case 'incident':
        if (OPEN.has(message.incident.status)) this.incidents.set(message.incident.number, message.incident);
        else this.incidents.delete(message.incident.number);
        changed.incidents = true;
        break;
      case 'samples': {
        for (const sample of message.samples) {
          if (FACT_METRICS.has(sample.metric)) {
            this.facts.set(`${sample.metric}${labelsKey(sample.labels)}`, { metric: sample.metric, labels: sample.labels, t: sample.t, v: numberOf(sample.v) });
            changed.grid = true;
          }
        }
        for (const headline of HEADLINES) {
          const mine = message.samples.filter((s) => matches(headline, s.metric, s.labels));
          if (mine.length > 0 && this.charts.get(headline.id)?.ingest(mine)) changed.charts = true;
        }
        break;
      }
      default:
        break;
    }
    return changed;
  }
}
