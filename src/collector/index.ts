export type { Measurement, Probe, ProbeDeps, ProbeFactory, ProbeResult, ProbeRunContext } from './probe.js';
export type { ProbeFactories } from './probe-registry.js';
export { ProbeScheduler, type ProbeSchedulerDeps } from './probe-scheduler.js';
