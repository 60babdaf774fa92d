/**
 * A child process's own CPU time (node's bootstrap included), for suites that time whole
 * processes: `node --import CPU_PROBE ...` prints `cpu-us=N` on stderr as the process exits.
 * Unlike wall time, CPU time hardly moves with whatever else a shared machine runs.
 */
export const CPU_PROBE = `data:text/javascript,${encodeURIComponent('process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write(`\\ncpu-us=${u.user + u.system}\\n`); });')}`;

/** The CPU milliseconds CPU_PROBE printed, or undefined when the process printed none. */
export function probedCpuMs(stderr: string): number | undefined {
  const cpu = /cpu-us=(\d+)\n$/.exec(stderr)?.[1];
  return cpu === undefined ? undefined : Number(cpu) / 1000;
}
