// Starts one server in a child process (so the load generator does not share its event loop) and returns
// where to send requests, plus `ask` to send the child a command over IPC (preload, memory) and await its answer.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Target { url: string; path: string; headers?: Record<string, string>; [k: string]: unknown }

export interface ServerProcess {
  target: Target;
  ask<T = Record<string, unknown>>(cmd: Record<string, unknown>): Promise<T>;
  stop(): void;
}

export async function startServer(kind: string, opts: { args?: string[]; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./servers.ts', import.meta.url));
  const child: ChildProcess = fork(script, [kind, ...(opts.args ?? [])], {
    execArgv: [...(opts.nodeArgs ?? []), '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const target = await new Promise<Target>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Target));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  const ask = <T>(cmd: Record<string, unknown>) => new Promise<T>((resolve, reject) => {
    const onExit = (code: number) => reject(new Error(`${kind} server exited with ${code} during ${String(cmd.cmd)}`));
    child.once('exit', onExit);
    child.once('message', (m) => { child.off('exit', onExit); resolve(m as T); });
    child.send(cmd);
  });
  return { target, ask, stop: () => child.kill() };
}
