/**
 * A parse worker: identity files in, parsed and validated documents out (see parse-pool.ts). It
 * holds no state between requests, so a request that crashes it loses nothing but that request,
 * which the pool then parses on the main thread.
 */
import { parentPort } from 'node:worker_threads';
import { IdentitySchema } from '../schema/index.js';
import { LIMITS } from './limits.js';
import { parseFile } from './parse-file.js';
import type { ParseRequest, ParseResponse, WireParsed } from './parse-pool.js';

parentPort?.on('message', ({ id, buffer, lengths }: ParseRequest) => {
  const results: WireParsed[] = [];
  const transfers: ArrayBuffer[] = [];
  let offset = 0;
  for (const length of lengths) {
    const bytes = new Uint8Array(buffer, offset, length);
    offset += length;
    try {
      const { value, positions, problems } = parseFile(bytes, IdentitySchema, LIMITS.maxFileBytes);
      const index = positions?.transferable;
      if (index) transfers.push(index);
      results.push({ value, positions: index, problems });
    } catch {
      // The main thread parses this file itself and meets the same failure where it always has.
      results.push({ thrown: true });
    }
  }
  const response: ParseResponse = { id, results };
  parentPort!.postMessage(response, transfers);
});
