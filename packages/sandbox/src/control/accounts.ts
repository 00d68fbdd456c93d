import type { SandboxState } from '../state.ts';

export function accountsControl(state: SandboxState) {
  void state;
  return {};
}
