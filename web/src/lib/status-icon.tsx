import type { JSX } from 'preact';

/** Visual states; each has its own shape besides its colour, so they read without colour vision. */
export type Tone = 'up' | 'down' | 'warn' | 'unknown' | 'met' | 'maint' | 'pending';

const SHAPES: Record<Tone, JSX.Element> = {
  // check mark in a circle
  up: <path d="M12 1a11 11 0 1 0 0 22 11 11 0 0 0 0-22zm-1.6 15.6-4.7-4.7 1.8-1.8 2.9 2.9 6.4-6.4 1.8 1.8z" />,
  met: <path d="M12 1a11 11 0 1 0 0 22 11 11 0 0 0 0-22zm-1.6 15.6-4.7-4.7 1.8-1.8 2.9 2.9 6.4-6.4 1.8 1.8z" />,
  // cross in a square
  down: <path d="M3 3h18v18H3zm5.2 3.4L6.4 8.2 10.2 12l-3.8 3.8 1.8 1.8 3.8-3.8 3.8 3.8 1.8-1.8-3.8-3.8 3.8-3.8-1.8-1.8-3.8 3.8z" />,
  // exclamation in a triangle
  warn: <path d="M12 1 23 22H1zm-1.3 7v7h2.6V8zm0 9v2.6h2.6V17z" />,
  // question mark in a diamond
  unknown: <path d="M12 0 24 12 12 24 0 12zm0 5.5a4 4 0 0 0-4 4h2.4a1.6 1.6 0 1 1 2.4 1.4c-1 .6-2 1.4-2 3.1v.5h2.4v-.4c0-.8.5-1.1 1.2-1.6A4 4 0 0 0 12 5.5zm-1.2 10.6v2.4h2.4v-2.4z" />,
  // clock face: still running
  pending: <path fill-rule="evenodd" d="M12 1a11 11 0 1 0 0 22 11 11 0 0 0 0-22zm0 2.6a8.4 8.4 0 1 1 0 16.8 8.4 8.4 0 0 1 0-16.8zM10.7 6v6.7l4.9 2.9 1.3-2.2-3.6-2.1V6z" />,
  // wrench
  maint: <path d="M21.7 6.3 18 10l-3.9-.1L14 6l3.7-3.7a6 6 0 0 0-7.4 7.8L2 18.4 5.6 22l8.3-8.3a6 6 0 0 0 7.8-7.4z" />,
};

/** A state icon: a distinct shape per state, coloured by the surrounding `tone-*` class. */
export function StatusIcon({ tone, class: extra }: { tone: Tone; class?: string }) {
  return (
    <svg class={`icon icon-${tone}${extra ? ` ${extra}` : ''}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {SHAPES[tone]}
    </svg>
  );
}
