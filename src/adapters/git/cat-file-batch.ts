/**
 * One long-lived `git cat-file --batch` process that answers object reads in request order.
 * Reading 10,000 identity files one `git show` at a time costs 10,000 process starts; a batch
 * process reads them all through one pipe. simple-git cannot feed a command's stdin, so this is
 * the one place that spawns git directly.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface GitObject {
  readonly type: string;
  readonly bytes: Uint8Array;
}

interface Pending {
  resolve(object: GitObject | undefined): void;
  reject(error: Error): void;
}

export class CatFileBatch {
  private process: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  /**
   * Reads waiting for an answer, oldest first from `answered` on. Not shifted off: a plan asks for
   * 20,000 blobs at once, and shifting an array that large copies all of it each time.
   */
  private pending: Pending[] = [];
  private answered = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private stderr = '';

  constructor(private readonly cwd: string) {}

  /** An object by name (`<oid>` or `<commit>:<path>`); undefined when git has no such object. */
  read(name: string): Promise<GitObject | undefined> {
    // The batch protocol is line based: a name with a line break cannot be asked for.
    if (/[\r\n]/.test(name)) return Promise.resolve(undefined);
    if (this.failure) return Promise.reject(this.failure);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      child.stdin.write(`${name}\n`);
    });
  }

  close(): void {
    const child = this.process;
    this.process = undefined;
    if (!child) return;
    child.stdin.end();
    this.fail(new Error('git cat-file was closed before it answered'));
  }

  private start(): ChildProcessByStdio<Writable, Readable, Readable> {
    if (this.process) return this.process;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.on('error', (error) => this.fail(new Error(`cannot run git cat-file: ${error.message}`)));
    child.on('close', (code) => {
      if (this.waiting() > 0) this.fail(new Error(`git cat-file exited (${code}) before answering: ${this.stderr.trim()}`));
    });
    // The stdin pipe breaks if git dies; the close handler reports that.
    child.stdin.on('error', () => {});
    this.process = child;
    return child;
  }

  /** Parses as many complete answers as the buffer holds: `<oid> <type> <size>\n<bytes>\n` or `<name> missing\n`. */
  private drain(): void {
    while (this.waiting() > 0) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString();
      const fields = header.split(' ');
      if (fields.length !== 3 || !/^\d+$/.test(fields[2] ?? '')) {
        // `<name> missing` or `<name> ambiguous`: no object follows.
        this.buffer = this.buffer.subarray(newline + 1);
        this.next().resolve(undefined);
        continue;
      }
      const size = Number(fields[2]);
      const end = newline + 1 + size;
      if (this.buffer.length < end + 1) return;
      const bytes = this.buffer.subarray(newline + 1, end);
      this.buffer = this.buffer.subarray(end + 1);
      this.next().resolve({ type: fields[1]!, bytes });
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.pending.slice(this.answered);
    this.pending = [];
    this.answered = 0;
    for (const read of waiting) read.reject(this.failure);
  }

  private waiting(): number {
    return this.pending.length - this.answered;
  }

  /** The oldest waiting read, taken off the queue; the answered ones are dropped once they are half of it. */
  private next(): Pending {
    const read = this.pending[this.answered++]!;
    if (this.answered >= 1024 && this.answered * 2 >= this.pending.length) {
      this.pending = this.pending.slice(this.answered);
      this.answered = 0;
    }
    return read;
  }
}
