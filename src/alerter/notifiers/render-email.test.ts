import { describe, expect, it } from 'vitest';
import { INCIDENT_EVENTS } from './notification.js';
import { NOTIFICATION_STRINGS } from './notification-view.js';
import { renderEmail } from './render-email.js';
import { heartbeatMessage, incidentMessage } from './testing/sample-messages.js';

const SUBJECTS_EN = {
  opened: 'opened',
  updated: 'updated',
  repeat: 'still open',
  escalated: 'escalated',
  resolved: 'resolved',
  closed: 'closed',
  received: 'received',
  appended: 'message added',
} as const;

describe('renderEmail', () => {
  it.each(INCIDENT_EVENTS)('names the %s event in the subject', (event) => {
    expect(renderEmail(incidentMessage(event), 'en').subject).toBe(`[S1] NOC-2026-000042 Both cores down — ${SUBJECTS_EN[event]}`);
  });

  it('has every event word and headline in both languages', () => {
    for (const strings of Object.values(NOTIFICATION_STRINGS)) {
      for (const event of INCIDENT_EVENTS) {
        expect(strings.events[event]).not.toBe('');
        expect(strings.headlines[event]).toContain('{{number}}');
      }
    }
    expect(renderEmail(incidentMessage('resolved'), 'es').subject).toBe('[S1] NOC-2026-000042 Both cores down — resuelto');
  });

  it('keeps the subject on one line whatever the title holds', () => {
    const { subject } = renderEmail(incidentMessage('opened', { title: 'Core 1\r\nBcc: victim@example.com' }), 'en');
    expect(subject).toBe('[S1] NOC-2026-000042 Core 1 Bcc: victim@example.com — opened');
  });

  it('escapes a hostile title in HTML only', () => {
    const { html, text } = renderEmail(incidentMessage('opened', { title: '<img src=x onerror=alert(1)> & co' }), 'en');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; &amp; co');
    expect(html).not.toContain('<img');
    expect(text).toContain('<img src=x onerror=alert(1)> & co');
  });

  it('says "received" to the person who reported by e-mail, in Spanish', () => {
    const { text } = renderEmail(incidentMessage('received'), 'es');
    expect(text).toContain('Su reporte quedó registrado con el número de seguimiento NOC-2026-000042.');
    expect(text).toContain('notificación NOC-2026-000042.received.1');
  });

  it('renders a heartbeat without incident fields', () => {
    const { subject, text, html } = renderEmail(heartbeatMessage(), 'en');
    expect(subject).toBe('Heartbeat: notification pipeline alive');
    expect(text).not.toContain('Severity');
    expect(html).toContain('The notification pipeline is alive');
  });
});
