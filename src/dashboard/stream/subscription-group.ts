import type { TargetStatus } from '../../core/index.js';
import type { ClientSession } from './client-session.js';
import type { LiveAlert, LiveIncident, LiveSample } from './live-feed.js';
import type { Subscription } from './subscription.js';
import { alertFrame, incidentFrame, sampleJson, samplesFrame, targetFrame, targetView } from './wire-format.js';

/** A published sample with its serialized form, built on first use and shared by every group it goes to. */
export class PendingSample {
  private json: string | undefined;

  constructor(readonly sample: LiveSample) {}

  /** The sample as it appears in a `samples` frame. */
  serialized(): string {
    this.json ??= sampleJson(this.sample);
    return this.json;
  }
}

/**
 * The clients that share one subscription, and what waits for their next flush: the latest sample per
 * series, status per target and state per incident (alert changes are events and queue in order). Each
 * frame is serialized once per flush and the same bytes go to every member, so fan-out to many clients
 * with the same view (wall screens, consoles on the default view) costs little more than one client.
 */
export class SubscriptionGroup {
  /** The clients of this group. */
  readonly members = new Set<ClientSession>();
  private readonly samples = new Map<string, PendingSample>();
  private readonly targets = new Map<string, TargetStatus>();
  private readonly incidents = new Map<string, LiveIncident>();
  private alerts: LiveAlert[] = [];

  constructor(
    /** What every member receives. */
    readonly subscription: Subscription,
    /** Past this many waiting items the members are closed as slow consumers. */
    private readonly maxPending: number,
    private readonly onOverflow: (group: SubscriptionGroup) => void,
  ) {}

  /** Items waiting for the next flush. */
  get pending(): number {
    return this.samples.size + this.targets.size + this.incidents.size + this.alerts.length;
  }

  /** Queues the samples of `batch` the subscription selects, each replacing an unsent one of its series. */
  offerSamples(batch: readonly PendingSample[]): void {
    const subscription = this.subscription;
    if (!subscription.anySeries) return;
    for (const entry of batch) {
      const sample = entry.sample;
      if (subscription.matches(sample.series, sample.metric, sample.labels)) this.samples.set(sample.series, entry);
    }
    this.checkPending();
  }

  /** Queues a target status, replacing an unsent one of the same target. */
  offerTarget(status: TargetStatus): void {
    if (!this.subscription.targets) return;
    this.targets.set(status.target, status);
    this.checkPending();
  }

  /** Queues an alert change. */
  offerAlert(view: LiveAlert): void {
    if (!this.subscription.alerts) return;
    this.alerts.push(view);
    this.checkPending();
  }

  /** Queues an incident's state, replacing an unsent one of the same incident. */
  offerIncident(view: LiveIncident): void {
    if (!this.subscription.incidents) return;
    this.incidents.set(view.number, view);
    this.checkPending();
  }

  /** Sends what waits to every member, serialized once; a member still holding too many unsent bytes is dropped instead. */
  flush(): void {
    if (this.pending === 0) return;
    const frames: Buffer[] = [];
    for (const view of this.alerts) frames.push(Buffer.from(alertFrame(view)));
    for (const status of this.targets.values()) frames.push(Buffer.from(targetFrame(targetView(status))));
    for (const view of this.incidents.values()) frames.push(Buffer.from(incidentFrame(view)));
    if (this.samples.size > 0) {
      const parts: string[] = new Array(this.samples.size);
      let i = 0;
      for (const entry of this.samples.values()) parts[i++] = entry.serialized();
      frames.push(Buffer.from(samplesFrame(parts)));
    }
    this.clear();
    for (const member of [...this.members]) member.deliver(frames);
  }

  /** Drops what waits (a member joining a fresh group must not inherit another's backlog). */
  clear(): void {
    this.samples.clear();
    this.targets.clear();
    this.incidents.clear();
    this.alerts = [];
  }

  private checkPending(): void {
    if (this.pending > this.maxPending) {
      this.clear();
      this.onOverflow(this);
    }
  }
}
