import type { ComponentChildren } from 'preact';

/** One labelled figure of a report's summary (`testId` on the value, so tests read exactly what is shown). */
export function Figure({ label, testId, hint, children, wide }: { label: string; testId: string; hint?: string; children: ComponentChildren; wide?: boolean }) {
  return (
    <div class={`figure${wide ? ' wide' : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
      {hint === undefined ? null : <dd class="figure-hint">{hint}</dd>}
    </div>
  );
}
