// Starts one server in a child process (so the load generator does not share its event loop) and returns
// where to send requests.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Target { url: string; path: string; headers?: Record<string, string> }

export async function startServer(kind: string): Promise<{ target: Target; stop(): void }> {
  const script = fileURLToPath(new URL('./servers.ts', import.meta.url));
  const child: ChildProcess = fork(script, [kind], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const target = await new Promise<Target>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Target));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { target, stop: () => child.kill() };
}
