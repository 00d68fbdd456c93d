import type { SandboxState } from '../state.ts';

export function clockControl(state: SandboxState) {
  void state;
  return {};
}
