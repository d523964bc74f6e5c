import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, type ChannelConfig } from '../../config/index.js';
import { silentLogger } from '../../core/index.js';
import { NOTIFIERS, createNotifier } from './index.js';
import { startHttpReceiver } from './testing/http-receiver.js';
import { incidentMessage } from './testing/sample-messages.js';

describe('notifier registry', () => {
  it('has exactly one factory per channel kind', () => {
    expect(Object.keys(NOTIFIERS).sort()).toEqual(Object.keys(CHANNEL_KINDS).sort());
  });

  it('builds the notifier of the configured kind', async () => {
    const receiver = await startHttpReceiver((_request, res) => res.writeHead(200).end());
    try {
      const config: ChannelConfig = { name: 'hook', kind: 'webhook', url: receiver.url, headers: {}, timeout: 10_000 };
      await createNotifier(config, { log: silentLogger }).send(incidentMessage(), new AbortController().signal);
      expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toMatchObject({ version: 1, type: 'incident' });
    } finally {
      await receiver.close();
    }
  });
});
