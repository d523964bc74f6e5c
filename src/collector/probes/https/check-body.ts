/** What the final body must hold. */
export interface BodyExpectations {
  readonly contains?: string;
  readonly matches?: Pick<RegExp, 'test' | 'source'>;
}

/** Why `body` fails the expectations; undefined when it passes (or there are none). */
export function checkBody(body: Buffer, expect: BodyExpectations): string | undefined {
  if (expect.contains === undefined && expect.matches === undefined) return undefined;
  const text = body.toString('utf8');
  if (expect.contains !== undefined && !text.includes(expect.contains)) {
    return `the body does not contain ${JSON.stringify(expect.contains)}`;
  }
  if (expect.matches !== undefined && !expect.matches.test(text)) return `the body does not match /${expect.matches.source}/`;
  return undefined;
}
