import type { OutgoingMessage } from './notification.js';
import { notificationView, type NotificationLanguage } from './notification-view.js';

/** A Slack incoming-webhook message: `text` is the notification fallback, `blocks` the Block Kit layout. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

// Slack limits: 10 fields per section, 3000 characters per text object.
const MAX_FIELDS = 10;
const MAX_TEXT = 3000;

/** Escapes the three characters Slack's mrkdwn treats as control: everything users wrote passes through here. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(text) });

/** The Block Kit message for a notification, in one language. */
export function slackPayload(message: OutgoingMessage, language: NotificationLanguage): SlackPayload {
  const view = notificationView(message, language);
  const context = { type: 'context', elements: [mrkdwn(escapeMrkdwn(view.footer))] };
  if (view.kind === 'heartbeat') {
    return { text: escapeMrkdwn(view.subject), blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(view.headline)) }, context] };
  }
  const blocks: Record<string, unknown>[] = [
    {
      type: 'section',
      text: mrkdwn(`*${escapeMrkdwn(`${view.severity} ${view.number} ${view.title}`)}* — ${escapeMrkdwn(view.eventWord)}\n${escapeMrkdwn(view.headline)}`),
    },
    { type: 'section', fields: view.facts.slice(0, MAX_FIELDS).map((fact) => mrkdwn(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`)) },
  ];
  if (view.description !== undefined) blocks.push({ type: 'section', text: mrkdwn(escapeMrkdwn(view.description)) });
  if (view.hasAlerts) {
    const lines = view.alerts.map((alert) => {
      const summary = alert.summary === '' ? '' : ` — ${escapeMrkdwn(alert.summary)}`;
      return `• *${escapeMrkdwn(alert.state)}* ${escapeMrkdwn(alert.name)}${summary}\n    \`${escapeMrkdwn(alert.labels)}\``;
    });
    blocks.push({ type: 'section', text: mrkdwn(`*${escapeMrkdwn(view.alertsLabel)}*\n${lines.join('\n')}`) });
  }
  if (view.url !== undefined) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: view.openLabel }, url: view.url }] });
  }
  blocks.push(context);
  return { text: escapeMrkdwn(view.subject), blocks };
}
