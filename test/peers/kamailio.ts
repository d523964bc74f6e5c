import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../support/free-port.js';

/** A running Kamailio 5.6 on loopback: SIP OPTIONS on UDP and TCP (and TLS on request), JSON-RPC over HTTP. */
export interface Kamailio {
  readonly address: string;
  /** SIP port (UDP and TCP). */
  readonly sipPort: number;
  /** SIP-over-TLS port; only when started with {@link KamailioOptions.tls}. */
  readonly tlsPort?: number;
  /** HTTP port of the JSON-RPC endpoint (`POST /RPC`). */
  readonly rpcPort: number;
  /** `http://address:rpcPort/RPC`. */
  readonly rpcUrl: string;
  /** Calls a JSON-RPC method and returns its `result`. */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /** Stops the process (SIGTERM, then SIGKILL) and removes its files. */
  stop(): Promise<void>;
}

/** Options of {@link startKamailio}. */
export interface KamailioOptions {
  readonly address?: string;
  /** Requests per 2 s from one source before pike blocks it (high by default so tests are not blocked). */
  readonly pikeDensity?: number;
  /** Reply to OPTIONS with this code and reason instead of 200 OK (e.g. 503 for maintenance). */
  readonly optionsReply?: { code: number; reason: string };
  /**
   * Also listen for SIP over TLS (TLSv1.2 or later) with this server certificate and key, PEM. Needs the tls
   * module (Debian package kamailio-tls-modules; see {@link kamailioTlsModule}).
   */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/**
 * Finds Kamailio's tls module in the binary's own module path (`kamailio -I`). Absent locally, the caller skips
 * with the printed reason; absent under CI=true it throws, as `peerBinary` does for executables.
 */
export function kamailioTlsModule(binary: string): string | undefined {
  const modules = /Default paths to modules: (\S+)/.exec(execFileSync(binary, ['-I'], { encoding: 'utf8' }))?.[1];
  const path = join(modules ?? '/usr/lib/kamailio/modules', 'tls.so');
  try {
    // A module is a shared library, not an executable: readable is what Kamailio needs.
    accessSync(path, constants.R_OK);
    return path;
  } catch {
    const reason = `${path} not found (Debian package kamailio-tls-modules; scripts/install-peers.sh installs it)`;
    if (process.env.CI === 'true') throw new Error(`real peer missing under CI: ${reason}`);
    console.warn(`skipping the Kamailio TLS checks: ${reason}`);
    return undefined;
  }
}

/** The tls module's own configuration: one server domain with the given certificate, no client certificates asked. */
function tlsConfig(dir: string): string {
  return `[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
certificate = ${dir}/tls-cert.pem
private_key = ${dir}/tls-key.pem
`;
}

function config(dir: string, address: string, sipPort: number, rpcPort: number, tlsPort: number | undefined, options: KamailioOptions): string {
  const reply = options.optionsReply ?? { code: 200, reason: 'OK' };
  // The tls module goes first: it must initialise OpenSSL before any other module can touch it.
  const tls =
    tlsPort === undefined
      ? { core: '', listen: '', module: '' }
      : {
          core: 'enable_tls=yes\n',
          listen: `listen=tls:${address}:${tlsPort}\n`,
          module: `loadmodule "tls.so"\nmodparam("tls","config","${dir}/tls.cfg")\n`,
        };
  return `#!KAMAILIO
debug=2
log_stderror=yes
children=2
tcp_children=2
auto_aliases=no
tcp_accept_no_cl=yes
http_reply_parse=yes
${tls.core}listen=udp:${address}:${sipPort}
listen=tcp:${address}:${sipPort}
${tls.listen}listen=tcp:${address}:${rpcPort}
${tls.module}loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "dialog.so"
loadmodule "pike.so"
loadmodule "statistics.so"
loadmodule "ctl.so"
loadmodule "xhttp.so"
loadmodule "jsonrpcs.so"
modparam("jsonrpcs","transport",1)
modparam("ctl","binrpc","unix:${dir}/kamailio_ctl")
modparam("usrloc","db_mode",0)
modparam("dialog","dlg_flag",4)
modparam("dialog","enable_stats",1)
modparam("pike","sampling_time_unit",2)
modparam("pike","reqs_density_per_unit",${options.pikeDensity ?? 100000})
modparam("pike","remove_latency",4)
modparam("statistics","variable","pike_blocked")
request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483","Too Many Hops"); exit; }
  if (!pike_check_req()) { update_stat("pike_blocked","+1"); exit; }
  if (is_method("OPTIONS")) { sl_send_reply("${reply.code}","${reply.reason}"); exit; }
  if (is_method("REGISTER")) { if (!save("location")) sl_reply_error(); exit; }
  sl_send_reply("404","Not Here"); exit;
}
event_route[xhttp:request] {
  if ($Rp != ${rpcPort}) { xhttp_reply("403","Forbidden","text/plain","no\\n"); exit; }
  if ($hu =~ "^/RPC") { jsonrpc_dispatch(); } else { xhttp_reply("404","Not Found","text/plain","/RPC\\n"); }
}
`;
}

/** Starts Debian's kamailio (`binary`, from peerBinary) on `address` with free ports; resolves once RPC answers. */
export async function startKamailio(binary: string, options: KamailioOptions = {}): Promise<Kamailio> {
  const address = options.address ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'noc-kamailio-'));
  const sipPort = await freePort();
  const rpcPort = await freePort();
  const tlsPort = options.tls === undefined ? undefined : await freePort();
  if (options.tls !== undefined) {
    writeFileSync(join(dir, 'tls-cert.pem'), options.tls.cert);
    writeFileSync(join(dir, 'tls-key.pem'), options.tls.key, { mode: 0o600 });
    writeFileSync(join(dir, 'tls.cfg'), tlsConfig(dir));
  }
  const file = join(dir, 'kamailio.cfg');
  writeFileSync(file, config(dir, address, sipPort, rpcPort, tlsPort, options));
  const child: ChildProcess = spawn(binary, ['-DD', '-E', '-f', file, '-Y', dir, '-P', join(dir, 'kamailio.pid'), '-m', '64', '-M', '8'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const rpcUrl = `http://${address}:${rpcPort}/RPC`;
  let id = 0;
  const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: ++id }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`kamailio rpc ${method}: ${body.error.message}`);
    return body.result;
  };
  try {
    // A POST with a JSON body: Kamailio does not answer a GET or an empty body on /RPC at all.
    await waitFor(async () => (await rpc('core.uptime')) !== undefined, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kamailio did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return {
    address,
    sipPort,
    ...(tlsPort === undefined ? {} : { tlsPort }),
    rpcPort,
    rpcUrl,
    rpc,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
