import type { SandboxState } from '../state.ts';

export function webhooksControl(state: SandboxState) {
  void state;
  return {};
}
