import { z } from 'zod';
import { PositiveDuration } from '../duration.js';

/** Languages notifications are written in. */
export const NotificationLanguage = z.enum(['es', 'en']).default('en');
/** A language notifications are written in. */
export type NotificationLanguage = z.infer<typeof NotificationLanguage>;

/** An absolute http:// or https:// URL a channel posts to. */
export const HookUrl = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The URL itself is not echoed: webhook URLs carry their credentials in the path.
    ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as https://hooks.example.net/noc' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `expected an http:// or https:// URL, got scheme "${url.protocol.slice(0, -1)}"` });
  }
});

/** How long one HTTP delivery may take before it is abandoned and retried. */
export const HookTimeout = PositiveDuration.prefault('10s');
