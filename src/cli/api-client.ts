import { loadConfigFile, splitHostPort } from '../config/index.js';

/** A mistake in the command line: exit 2 with the usage. */
export class UsageError extends Error {}

/** True for a {@link UsageError} or a node parseArgs complaint (unknown option, missing value). */
export function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
}

/** Where the API is when neither --url nor --config says. */
export const DEFAULT_API_URL = 'http://127.0.0.1:9700';

/** The API's base URL: --url, else the server of --config, else {@link DEFAULT_API_URL}. */
export function apiUrl(url: string | undefined, configFile: string | undefined, env: NodeJS.ProcessEnv): string {
  if (url !== undefined) return url.replace(/\/+$/, '');
  if (configFile === undefined) return DEFAULT_API_URL;
  const loaded = loadConfigFile(configFile, { env });
  if (!loaded.ok) throw new UsageError(`--config: ${configFile} is not a valid configuration`);
  const server = loaded.config.server;
  if (server.public_url !== undefined) return server.public_url.replace(/\/+$/, '');
  const { host, port } = splitHostPort(server.listen) as { host: string; port: number };
  // A wildcard listen address is reachable on loopback from the same machine.
  const reachable = host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `${server.tls === undefined ? 'http' : 'https'}://${reachable}:${port}`;
}

/**
 * GET `url` with the bearer token: the body when the answer is 2xx, else a one-line reason from the API's
 * `{error: {message}}` (with a hint on 401) or from the connection failure.
 */
export async function getApi(
  fetcher: typeof fetch,
  url: string,
  token: string | undefined,
): Promise<{ ok: true; body: string } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetcher(url, { headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) } });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return { ok: false, message: `cannot reach ${new URL(url).origin}: ${cause ?? (error as Error).message}` };
  }
  const text = await response.text();
  if (response.ok) return { ok: true, body: text };
  let reason: string | undefined;
  try {
    reason = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
  } catch {
    reason = undefined;
  }
  const hint = response.status === 401 ? ' (set NOC_TOKEN or --token)' : '';
  return { ok: false, message: `${response.status}: ${reason ?? (text.slice(0, 200) || response.statusText)}${hint}` };
}
