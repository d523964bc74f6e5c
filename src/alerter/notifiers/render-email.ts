import Mustache from 'mustache';
import type { OutgoingMessage } from './notification.js';
import { notificationView, type NotificationLanguage } from './notification-view.js';
import { HEARTBEAT_HTML, INCIDENT_HTML } from './templates/email-html.js';
import { HEARTBEAT_TEXT, INCIDENT_TEXT } from './templates/email-text.js';

/** A mail's subject and both bodies. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const RAW = { escape: (value: unknown): string => String(value) };

/** Subject, plain text (unescaped) and HTML (every value escaped) of a message in one language. */
export function renderEmail(message: OutgoingMessage, language: NotificationLanguage): RenderedEmail {
  const view = notificationView(message, language);
  const [html, text] = view.kind === 'incident' ? [INCIDENT_HTML, INCIDENT_TEXT] : [HEARTBEAT_HTML, HEARTBEAT_TEXT];
  return {
    subject: view.subject,
    text: Mustache.render(text, view, {}, RAW),
    html: Mustache.render(html, view),
  };
}
