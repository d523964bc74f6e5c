import { accessSync, constants } from 'node:fs';

/**
 * Finds a real peer's executable. Absent locally, the caller skips with the printed reason; absent under
 * CI=true it throws, because CI installs every peer (scripts/install-peers.sh) and must never skip.
 */
export function peerBinary(path: string, installHint: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    const reason = `${path} not found (${installHint}; scripts/install-peers.sh installs it)`;
    if (process.env.CI === 'true') throw new Error(`real peer missing under CI: ${reason}`);
    console.warn(`skipping the ${path} check: ${reason}`);
    return undefined;
  }
}
