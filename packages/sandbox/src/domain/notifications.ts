// Webhook and IPN delivery. Filled in by the notifications work.
import type { SandboxState } from '../state.ts';

export function installNotifier(state: SandboxState): void {
  void state;
}
