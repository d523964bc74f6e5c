// `npm run bench -- <suite…>`: runs the named benchmark suites (default: all) and prints Markdown tables.
import { cpus } from 'node:os';
import { runCodecBench } from './codec.js';
import { runCollectorBench } from './collector.js';
import { runForensicsBench } from './forensics.js';
import { runReportsBench } from './reports.js';
import { runRulesBench } from './rules.js';
import { runSipLabBench } from './sip-lab.js';
import { runSipBench } from './sip.js';
import { runStoreBench } from './store.js';
import { runRemoteStoresBench } from './remote-stores.js';
import { runWallBench } from './wall.js';
import { runStreamBench } from './stream.js';
import { toMarkdown } from './measure.js';

const SUITES: Record<string, () => Promise<string>> = {
  store: async () => toMarkdown(await runStoreBench(Number(process.env.BENCH_SAMPLES ?? 10_000_000))),
  collector: async () => toMarkdown(await runCollectorBench()),
  sip: async () => toMarkdown([...(await runSipBench()), ...(await runSipLabBench())]),
  rules: async () => toMarkdown(await runRulesBench()),
  wall: async () => toMarkdown(await runWallBench()),
  stream: async () => toMarkdown(await runStreamBench()),
  forensics: async () => toMarkdown(await runForensicsBench()),
  reports: async () => toMarkdown(await runReportsBench()),
  'remote-stores': async () => toMarkdown(await runRemoteStoresBench()),
  codec: async () =>
    toMarkdown(
      (await runCodecBench()).flatMap((row) => [
        { figure: `${row.kind}: size`, value: row.bytesPerPoint, unit: 'B/point', goal: '' },
        { figure: `${row.kind}: encode 360 points`, value: row.encodeMicros, unit: 'µs', goal: '' },
        { figure: `${row.kind}: decode 360 points`, value: row.decodeMicros, unit: 'µs', goal: '' },
      ]),
    ),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in SUITES));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
console.log(`# machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
for (const name of wanted.length > 0 ? wanted : Object.keys(SUITES)) {
  console.log(`## ${name}\n\n${await (SUITES[name] as () => Promise<string>)()}\n`);
}
