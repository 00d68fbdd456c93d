// Binding a port fails in two ways a person can fix: the port is taken, or the address is not this
// machine's. Both say which port and how to pick another.
import { CliError, EXIT } from './errors.ts';

export function listenError(err: unknown, host: string, port: number, how: string): CliError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    return new CliError(`port ${port} on ${host} is already in use (another cobro sandbox, or another server)`,
      `stop the other process, or pick another port: ${how}`, EXIT.failure, 'address_in_use');
  }
  if (code === 'EACCES') {
    return new CliError(`no permission to listen on port ${port}`, `use a port above 1023: ${how}`, EXIT.failure, 'port_not_allowed');
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new CliError(`cannot listen on ${host}: not an address of this machine`, 'pass --host 127.0.0.1 (or 0.0.0.0 for every interface)', EXIT.usage, 'bad_host');
  }
  return err instanceof CliError ? err : new CliError(`cannot listen on ${host}:${port}: ${(err as Error).message}`);
}
