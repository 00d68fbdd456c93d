// Typed control of the test buyer: the in-process twin of `/__sandbox/scan`, `/pay` and `/abandon`.
// Failures throw MpError with the same status and body as the HTTP control plane.
import type { SandboxState } from '../state.ts';
import { abandon, pay, scan, type PayInput, type PayOutcome, type ScanInput, type ScanResult } from '../buyer/buyer.ts';
import { peek, type PeekView } from '../buyer/peek.ts';

export type { PayInput, PayOutcome, ScanInput, ScanResult };

export function buyerControl(state: SandboxState) {
  const buyer = {
    /** Scan a QR (`qr_data`) or a POS's printed code (`pos_id`, or `user_id` + `external_pos_id`). */
    scan: (input: ScanInput): ScanResult => scan(state, input),
    /** Pay a scan (`scan_id`), or scan and pay in one (`qr_data`/`pos_id`/…), with a test card outcome. */
    pay: (input: PayInput): PayOutcome => pay(state, input),
    /** What a scan would find, without scanning (no lock, no merchant order, no notification). */
    peek: (input: Omit<ScanInput, 'buyer_id'>): PeekView => peek(state, { ...input }),
    /** Walk away from a scan: the order is unlocked and may be canceled. */
    abandon: (input: { scan_id: string }): { scan_id: string; state: 'abandoned' } => abandon(state, input),
  };
  return {
    /** `/__sandbox/scan`, `/pay`, `/abandon`: the test buyer. */
    buyer,
  };
}
