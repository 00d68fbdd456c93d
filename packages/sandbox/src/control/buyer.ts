import type { SandboxState } from '../state.ts';

export function buyerControl(state: SandboxState) {
  void state;
  return {};
}
