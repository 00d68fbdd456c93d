// Typed twin of /__sandbox/faults (rules are described in faults/fault-rules.ts).
import type { SandboxState } from '../state.ts';
import { faultStore, type FaultRule, type FaultRuleInput } from '../faults/fault-rules.ts';

export function faultsControl(state: SandboxState) {
  const store = faultStore(state);
  return {
    faults: {
      /** Prepend a rule (validated; throws an MpError 400 naming the bad field). */
      add: (rule: FaultRuleInput): FaultRule => store.add(rule),
      /** Active rules, newest first, with `remaining` fires (null = unlimited) and `hits`. */
      list: (): FaultRule[] => store.list(),
      remove: (id: string): boolean => store.remove(id),
      clear: (): number => store.clear(),
    },
  };
}
