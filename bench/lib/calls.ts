// A closed loop over any async call: `concurrency` workers, each starting the next call as soon as its
// previous one settled, for `seconds`. Where load.ts drives a server with one raw GET, this drives a client
// library, so several clients can be compared at the same concurrency against the same server.
export interface CallsResult {
  calls: number; errors: number; seconds: number; perSecond: number;
  /** This process's CPU time (user + system) per successful call: what the client costs, whatever else runs. */
  cpuMicrosPerCall: number;
  firstError?: unknown;
}

export async function closedLoop(call: (n: number) => Promise<unknown>, opts: { concurrency: number; seconds: number }): Promise<CallsResult> {
  const deadline = performance.now() + opts.seconds * 1000;
  let calls = 0, errors = 0, n = 0;
  let firstError: unknown;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (performance.now() < deadline) {
      try {
        await call(n++);
        calls++;
      } catch (e) {
        errors++;
        firstError ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { calls, errors, seconds, perSecond: calls / seconds, cpuMicrosPerCall: (used.user + used.system) / calls, firstError };
}
