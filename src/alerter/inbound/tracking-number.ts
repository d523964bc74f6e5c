/** Characters a regular expression treats specially, so a prefix is matched literally. */
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/**
 * The tracking numbers `PREFIX-YYYY-NNNNNN` a subject names, upper-cased, in order of appearance and
 * without repeats. Case does not matter (mail clients and people retype them); a number glued to more
 * letters or digits (`XNOC-…`, `…0000421`) is not one.
 */
export function trackingNumbersIn(subject: string, prefix: string): string[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${prefix.replace(REGEX_SPECIAL, '\\$&')}-(\\d{4})-(\\d{6})(?![0-9])`, 'gi');
  const found = [...subject.matchAll(pattern)].map((match) => `${prefix.toUpperCase()}-${match[1] as string}-${match[2] as string}`);
  return [...new Set(found)];
}
