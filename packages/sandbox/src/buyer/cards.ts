// What the test buyer's card holder name does to a payment (spec §10.2).

export interface CardOutcome { status: 'approved' | 'rejected' | 'in_process'; status_detail: string }

export const CARD_OUTCOMES: Record<string, CardOutcome> = {
  APRO: { status: 'approved', status_detail: 'accredited' },
  OTHE: { status: 'rejected', status_detail: 'cc_rejected_other_reason' },
  CONT: { status: 'in_process', status_detail: 'pending_contingency' },
  CALL: { status: 'rejected', status_detail: 'cc_rejected_call_for_authorize' },
  FUND: { status: 'rejected', status_detail: 'cc_rejected_insufficient_amount' },
  SECU: { status: 'rejected', status_detail: 'cc_rejected_bad_filled_security_code' },
  EXPI: { status: 'rejected', status_detail: 'cc_rejected_bad_filled_date' },
  FORM: { status: 'rejected', status_detail: 'cc_rejected_bad_filled_other' },
  CARD: { status: 'rejected', status_detail: 'cc_rejected_bad_filled_card_number' },
  INST: { status: 'rejected', status_detail: 'cc_rejected_invalid_installments' },
  DUPL: { status: 'rejected', status_detail: 'cc_rejected_duplicated_payment' },
  LOCK: { status: 'rejected', status_detail: 'cc_rejected_card_disabled' },
  CTNA: { status: 'rejected', status_detail: 'cc_rejected_card_type_not_allowed' },
  ATTE: { status: 'rejected', status_detail: 'cc_rejected_max_attempts' },
  BLAC: { status: 'rejected', status_detail: 'cc_rejected_blacklist' },
  UNSU: { status: 'rejected', status_detail: 'rejected_by_issuer' },
};

export const CARD_NAMES = Object.keys(CARD_OUTCOMES);

/** Card brands a buyer may pay with; `account_money` pays from the buyer's balance and is always approved. */
export const PAYMENT_METHODS: Record<string, string> = {
  account_money: 'account_money',
  visa: 'credit_card',
  master: 'credit_card',
  amex: 'credit_card',
  debvisa: 'debit_card',
  debmaster: 'debit_card',
  elo: 'debit_card',
  pix: 'bank_transfer',
};
