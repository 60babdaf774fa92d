/**
 * Parses identity files on worker threads. YAML parsing is most of a large repository's load
 * (20,000 identities: about 7 s of one core), and a scheduled reconcile spends the same time on
 * the AWS SDK's XML on the main thread; with the files parsed beside it, both cores work.
 *
 * The answer does not depend on where a file was parsed: workers run the same `parseFile`, post
 * plain data and the position index's buffer, and the loader handles results in file order. A
 * file whose parse throws in a worker, and every file of a worker that dies, is parsed again on
 * the main thread, so a hostile file fails exactly as it does without workers.
 */
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { IdentityDocument } from '../core/model.js';
import { IdentitySchema } from '../schema/index.js';
import { LIMITS } from './limits.js';
import { parseFile, type FileProblem, type ParsedFile } from './parse-file.js';
import { PositionIndex } from './position-index.js';

/** Below this many identity files, starting workers costs more than it saves. */
export const PARALLEL_FROM_FILES = 2_000;
/** More threads than this contend for memory bandwidth more than they gain. */
const MAX_WORKERS = 4;
/**
 * A worker's heap: small, because a parse's garbage is short-lived and what it keeps is posted away
 * per chunk (V8's defaults let a worker's heap grow by about 40 MB at 20,000 files, and at 50,000
 * identities synth is near its 1 GB target). A worker that still runs out hands its files back.
 */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 } as const;
/** Files per message: enough to make posting cheap, few enough to spread a batch over the workers. */
const CHUNK_FILES = 64;
/** Files the main thread parses between looks at its event loop (a few milliseconds' work). */
const MAIN_THREAD_SLICE = 8;
/** `GATEHOUSE_PARSE_WORKERS=0` parses on the main thread; another number sets the worker count. */
export const WORKERS_VARIABLE = 'GATEHOUSE_PARSE_WORKERS';

/** What a worker is asked: the files' bytes back to back in one transferred buffer. */
export interface ParseRequest {
  readonly id: number;
  readonly buffer: ArrayBuffer;
  readonly lengths: readonly number[];
}

/** One file's outcome as posted: the index travels as its buffer; `thrown` asks the main thread to parse it. */
export type WireParsed = { readonly value?: unknown; readonly positions?: ArrayBuffer; readonly problems: readonly FileProblem[] } | { readonly thrown: true };

export interface ParseResponse {
  readonly id: number;
  readonly results: readonly WireParsed[];
}

export interface IdentityParser {
  /** Each file's outcome, in the order given. */
  parse(files: readonly Uint8Array[]): Promise<ParsedFile<IdentityDocument>[]>;
  close(): Promise<void>;
}

export function parseIdentity(bytes: Uint8Array): ParsedFile<IdentityDocument> {
  return parseFile(bytes, IdentitySchema, LIMITS.maxFileBytes);
}

/**
 * How many workers a load of `fileCount` identity files uses: none for a small repository, else
 * one per core beside the main thread's, which parses too.
 */
export function parseWorkerCount(fileCount: number, environment: NodeJS.ProcessEnv = process.env): number {
  const asked = environment[WORKERS_VARIABLE];
  if (asked !== undefined && /^\d+$/.test(asked.trim())) return Math.min(Number(asked), MAX_WORKERS);
  return fileCount < PARALLEL_FROM_FILES ? 0 : Math.min(availableParallelism() - 1, MAX_WORKERS);
}

/** A parser with `workers` threads beside the main thread, or the main thread alone when `workers` is 0. */
export function identityParser(workers: number, limits: Pick<WorkerOptions, 'resourceLimits'> = {}): IdentityParser {
  return workers > 0 ? new ParsePool(workers, limits) : { parse: async (files) => files.map(parseIdentity), close: async () => {} };
}

interface Chunk {
  readonly files: readonly Uint8Array[];
  readonly done: (results: ParsedFile<IdentityDocument>[]) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly tasks: Map<number, Chunk>;
  alive: boolean;
}

/** Requests a worker holds at once: one to parse, one waiting, so it never idles between messages. */
const WORKER_QUEUE = 2;

/**
 * Chunks wait in one queue. Workers take from its front as they finish; the main thread takes from
 * its back whenever it is not otherwise busy, so it helps when idle (lint) and leaves the files to
 * the workers when it has its own work (reconcile's AWS responses).
 */
class ParsePool implements IdentityParser {
  private readonly workers: PoolWorker[];
  private readonly queue: Chunk[] = [];
  private nextId = 0;
  private helping = false;
  private closing = false;

  constructor(
    count: number,
    private readonly limits: Pick<WorkerOptions, 'resourceLimits'>,
  ) {
    this.workers = Array.from({ length: count }, () => this.start());
  }

  async parse(files: readonly Uint8Array[]): Promise<ParsedFile<IdentityDocument>[]> {
    const chunks: Promise<ParsedFile<IdentityDocument>[]>[] = [];
    for (let start = 0; start < files.length; start += CHUNK_FILES) {
      chunks.push(new Promise((done) => this.queue.push({ files: files.slice(start, start + CHUNK_FILES), done })));
    }
    this.dispatch();
    void this.helpOnMainThread();
    return (await Promise.all(chunks)).flat();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private dispatch(): void {
    for (const target of this.workers) {
      while (target.alive && target.tasks.size < WORKER_QUEUE && this.queue.length > 0) this.post(target, this.queue.shift()!);
    }
  }

  private async helpOnMainThread(): Promise<void> {
    if (this.helping) return;
    this.helping = true;
    try {
      for (let chunk = this.queue.pop(); chunk; chunk = this.queue.pop()) {
        const results: ParsedFile<IdentityDocument>[] = [];
        for (let start = 0; start < chunk.files.length; start += MAIN_THREAD_SLICE) {
          for (const bytes of chunk.files.slice(start, start + MAIN_THREAD_SLICE)) results.push(parseIdentity(bytes));
          // Lets workers' answers and the reads in between slices: git cat-file answers through a
          // pipe that holds 64 KB, so a main thread that parsed a whole chunk at a time capped
          // the reads at one pipeful per chunk and left the workers waiting for files.
          await new Promise((resolve) => setImmediate(resolve));
        }
        chunk.done(results);
      }
    } finally {
      this.helping = false;
    }
  }

  private post(target: PoolWorker, chunk: Chunk): void {
    const id = this.nextId++;
    target.tasks.set(id, chunk);
    // A copy the worker owns: a file read may be a view of a buffer shared with other reads.
    const buffer = new ArrayBuffer(chunk.files.reduce((sum, bytes) => sum + bytes.byteLength, 0));
    const view = new Uint8Array(buffer);
    let offset = 0;
    for (const bytes of chunk.files) {
      view.set(bytes, offset);
      offset += bytes.byteLength;
    }
    const request: ParseRequest = { id, buffer, lengths: chunk.files.map((bytes) => bytes.byteLength) };
    target.worker.postMessage(request, [buffer]);
  }

  private start(): PoolWorker {
    const { url, options } = workerEntry();
    const entry: PoolWorker = { worker: new Worker(url, { ...options, resourceLimits: { ...WORKER_HEAP, ...this.limits.resourceLimits } }), tasks: new Map(), alive: true };
    entry.worker.on('message', ({ id, results }: ParseResponse) => {
      const chunk = entry.tasks.get(id);
      if (!chunk) return;
      entry.tasks.delete(id);
      chunk.done(results.map((result, i) => ('thrown' in result ? parseIdentity(chunk.files[i]!) : fromWire(result))));
      this.dispatch();
    });
    // A worker that dies (out of memory, a crash in the runtime) hands its files back to the queue,
    // and says so: the load is still right, but slower than it should be.
    const failed = (reason: unknown) => {
      if (!entry.alive) return;
      entry.alive = false;
      if (!this.closing) process.emitWarning(`a parse worker stopped (${reason instanceof Error ? reason.message : `exit code ${String(reason)}`}); the main thread parsed its files`, 'GatehouseWarning');
      this.queue.push(...entry.tasks.values());
      entry.tasks.clear();
      this.dispatch();
      void this.helpOnMainThread();
    };
    entry.worker.on('error', failed);
    entry.worker.on('exit', failed);
    return entry;
  }
}

function fromWire(result: Exclude<WireParsed, { thrown: true }>): ParsedFile<IdentityDocument> {
  return {
    ...(result.value === undefined ? {} : { value: result.value as IdentityDocument }),
    ...(result.positions === undefined ? {} : { positions: PositionIndex.fromBuffer(result.positions) }),
    problems: result.problems,
  };
}

/**
 * The worker's module. Compiled, it is dist/parse-worker.js (a second entry of the bundle; this
 * code sits in dist/ or dist/chunks/). In a source checkout it is the TypeScript beside this file,
 * loaded through tsx, which a worker has to register for itself.
 */
function workerEntry(): { url: URL | string; options: WorkerOptions } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL(here.includes('/chunks/') ? '../parse-worker.js' : './parse-worker.js', here), options: {} };
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./parse-worker.ts', here).href;
  return { url: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(worker)}); });`, options: { eval: true } };
}
