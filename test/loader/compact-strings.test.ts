import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compactStrings } from '../../src/loader/compact-strings.js';

describe('compactStrings', () => {
  it('leaves every value as it was: strings, numbers, booleans, null, lists and mappings', () => {
    const text = 'a: "@acme/payments-team"\nb: [1, true, null, arn:aws:sqs:us-east-1:111122223333:orders]\nc: { d: "x", e: { f: [] } }\n';
    const pool = new Map<string, string>();
    expect(compactStrings(parse(text), pool)).toEqual(parse(text));
    // The pool holds each distinct string once, whatever number of documents repeat it.
    compactStrings(parse(text), pool);
    expect([...pool.keys()].sort()).toEqual(['@acme/payments-team', 'arn:aws:sqs:us-east-1:111122223333:orders', 'x']);
  });
});
