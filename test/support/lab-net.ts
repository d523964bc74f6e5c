/** A loopback /24 for one test file's lab, away from the default 127.0.10 a developer may be running. */
export function randomLabNet(): string {
  return `127.0.${100 + Math.floor(Math.random() * 150)}`;
}
