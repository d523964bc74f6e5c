// The client side of the stream benchmark, in its own process so the server's CPU figures do not include it.
// argv: wsUrl clients shared|distinct. Opens that many WebSocket clients subscribed to every series (with one extra selector of its own in `distinct` mode, so no two clients
// share a subscription) and counts the samples
// of every frame (the first frame of each client is parsed as JSON to check its shape; after that the
// samples are counted by scanning the bytes, so the figure measures the server, not JSON.parse here).
// Reports over IPC once a second: {kind:'tick', samples, frames, cpuMs}; {kind:'ready'} once every
// client has received its first samples frame. Exits on 'stop' from the parent.
import { WebSocket } from 'ws';

const [url, count, mode] = process.argv.slice(2) as [string, string, 'shared' | 'distinct'];
const send = (message: object) => process.send?.(message);
let samples = 0;
let frames = 0;
let firstFrames = 0;
const sockets: WebSocket[] = [];
const SAMPLES = Buffer.from('{"type":"samples"');
const SERIES = Buffer.from('{"series":');

for (let i = 0; i < Number(count); i++) {
  const ws = new WebSocket(url, { headers: { authorization: 'Bearer bench' }, perMessageDeflate: false });
  let seen = false;
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', series: ['{__name__=~".+"}', ...(mode === 'distinct' ? [`client_${i}`] : [])] })));
  ws.on('message', (data: Buffer) => {
    if (!seen) {
      const message = JSON.parse(String(data)) as { type: string; samples?: Array<{ series: string; v: unknown }> };
      if (message.type !== 'samples') return;
      if (typeof message.samples?.[0]?.series !== 'string') throw new Error(`unexpected frame: ${String(data).slice(0, 200)}`);
      seen = true;
      if (++firstFrames === Number(count)) send({ kind: 'ready' });
    }
    if (data.indexOf(SAMPLES) !== 0) return;
    frames++;
    for (let at = data.indexOf(SERIES); at >= 0; at = data.indexOf(SERIES, at + SERIES.length)) samples++;
  });
  ws.on('close', (code) => send({ kind: 'closed', code }));
  ws.on('error', (error) => send({ kind: 'error', message: error.message }));
  sockets.push(ws);
}

let cpu = process.cpuUsage();
const ticker = setInterval(() => {
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  send({ kind: 'tick', samples, frames, cpuMs: (used.user + used.system) / 1000 });
  samples = 0;
  frames = 0;
}, 1000);

process.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(ticker);
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
