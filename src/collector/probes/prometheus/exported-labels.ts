import type { Labels } from '../../../core/index.js';

/**
 * Renames every scraped label that the collector will set itself (`target`, `probe`, the target's labels)
 * to `exported_<name>`, as Prometheus does without `honor_labels`, so neither value is lost.
 */
export function exportClashingLabels(labels: Labels, reserved: ReadonlySet<string>): Labels {
  if (!Object.keys(labels).some((name) => reserved.has(name))) return labels;
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!reserved.has(name)) renamed[name] = value;
  }
  for (const [name, value] of Object.entries(labels)) {
    if (!reserved.has(name)) continue;
    let exported = `exported_${name}`;
    // The exporter may already use exported_<name>: Prometheus then prefixes again.
    while (Object.hasOwn(renamed, exported) || reserved.has(exported)) exported = `exported_${exported}`;
    renamed[exported] = value;
  }
  return renamed;
}
