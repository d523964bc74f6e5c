import { z } from 'zod';
import type { DeepReadonly } from '../deep-readonly.js';
import { isLabelName } from '../../core/index.js';

/** A Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export const LabelName = z.string().refine(isLabelName, {
  message: 'expected a label name: letters, digits and _, not starting with a digit',
});

// YAML turns `rack: 12` into a number; a label value is always text, so scalars are taken as written.
/** A label value; numbers and booleans are accepted and kept as their text. */
export const LabelValue = z.preprocess(
  (value) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value),
  z.string(),
);

/** A set of labels: name → value. */
export const LabelSet = z.record(LabelName, LabelValue);
/** A set of labels. */
export type LabelSet = DeepReadonly<z.infer<typeof LabelSet>>;
