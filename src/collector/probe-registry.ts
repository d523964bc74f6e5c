import type { ProbeKind } from '../config/index.js';
import type { ProbeFactory } from './probe.js';

/** The probe factories of this version, one line per kind; kinds without one are reported as unavailable. */
export type ProbeFactories = { readonly [K in ProbeKind]?: ProbeFactory<K> };
