import type { SandboxState } from '../state.ts';

export function faultsControl(state: SandboxState) {
  void state;
  return {};
}
