import type { Severity } from '../../core/index.js';
import type { OutgoingMessage } from './notification.js';
import { notificationView, type NotificationLanguage } from './notification-view.js';

/** A Teams Workflows webhook message: one Adaptive Card attachment. */
export interface TeamsPayload {
  readonly type: 'message';
  readonly attachments: readonly {
    readonly contentType: 'application/vnd.microsoft.card.adaptive';
    readonly contentUrl: null;
    readonly content: Record<string, unknown>;
  }[];
}

/** Adaptive Card schema version: the highest the Teams Workflows "post card" action renders. */
export const ADAPTIVE_CARD_VERSION = '1.4';

const SEVERITY_STYLE: Readonly<Record<Severity, string>> = { S1: 'Attention', S2: 'Attention', S3: 'Warning', S4: 'Accent' };

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });

/** The Adaptive Card message for a notification, in one language (Teams renders no HTML, so nothing needs escaping). */
export function teamsPayload(message: OutgoingMessage, language: NotificationLanguage): TeamsPayload {
  const view = notificationView(message, language);
  const footer = textBlock(view.footer, { isSubtle: true, size: 'Small', spacing: 'Medium' });
  let body: Record<string, unknown>[];
  let actions: Record<string, unknown>[] = [];
  if (view.kind === 'heartbeat') {
    body = [textBlock(view.subject, { weight: 'Bolder', size: 'Medium' }), textBlock(view.headline), footer];
  } else {
    body = [
      textBlock(`${view.severity} · ${view.number} · ${view.eventWord}`, { isSubtle: true, color: view.calm ? 'Good' : SEVERITY_STYLE[view.severity] }),
      textBlock(view.title, { weight: 'Bolder', size: 'Medium', spacing: 'None' }),
      textBlock(view.headline),
      ...(view.description === undefined ? [] : [textBlock(view.description)]),
      { type: 'FactSet', facts: view.facts.map((fact) => ({ title: fact.label, value: fact.value })) },
      ...(view.hasAlerts ? [textBlock(view.alertsLabel, { weight: 'Bolder', spacing: 'Medium' })] : []),
      ...view.alerts.map((alert) =>
        textBlock(`${alert.state}: ${alert.name}${alert.summary === '' ? '' : ` — ${alert.summary}`}\n${alert.labels}`, { spacing: 'Small' }),
      ),
      footer,
    ];
    if (view.url !== undefined) actions = [{ type: 'Action.OpenUrl', title: view.openLabel, url: view.url }];
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: ADAPTIVE_CARD_VERSION,
          body,
          ...(actions.length > 0 ? { actions } : {}),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}
