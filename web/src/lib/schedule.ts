// How a plan's schedule reads at a given moment, mirroring contracts/libraries/Schedule.sol:
// installment i is due from its due date, on time for PAYMENT_WINDOW after it, and late from
// then on, when it owes `amount * lateFeeBps / 10_000` once (bit i-1 of `lateMask` marks a fee
// already charged). The buyer's window closes at the first unpaid due date plus the grace
// period. The page pays with the chain's own `quote`; this only says what to expect and why.
import type { Plan, ScheduledInstallment } from "./rentalsApi";

export const PAYMENT_WINDOW = 86_400;
const BPS = 10_000n;

export type InstallmentState = "paid" | "upcoming" | "due" | "late";

export type ScheduleRow = ScheduledInstallment & {
  state: InstallmentState;
  /** The late fee this installment owes with the next payment (0 if none or charged before). */
  lateFee: bigint;
  /** Still owed on it: the part `paid` has not covered. */
  owed: bigint;
};

export function lateFeeOf(amount: bigint, lateFeeBps: number): bigint {
  return (amount * BigInt(lateFeeBps)) / BPS;
}

/** Every installment with its state at `now` (seconds, the chain's block time). */
export function scheduleAt(plan: Pick<Plan, "paid" | "late_fee_bps">, schedule: ScheduledInstallment[], now: number): ScheduleRow[] {
  let covered = BigInt(plan.paid);
  return schedule.map((item) => {
    const amount = BigInt(item.amount);
    const applied = covered >= amount ? amount : covered;
    covered -= applied;
    const owed = amount - applied;
    let state: InstallmentState;
    if (owed === 0n) state = "paid";
    else if (now < item.due_at) state = "upcoming";
    else if (now < item.due_at + PAYMENT_WINDOW) state = "due";
    else state = "late";
    const lateFee = state === "late" && !item.late_fee_charged ? lateFeeOf(amount, plan.late_fee_bps) : 0n;
    return { ...item, state, lateFee, owed };
  });
}

/** What paying the next installment takes now: its unpaid part plus every late fee owed. */
export function nextPayment(rows: ScheduleRow[]): { installment: ScheduleRow; amount: bigint; lateFee: bigint } | null {
  const next = rows.find((r) => r.owed > 0n);
  if (!next) return null;
  const lateFee = rows.reduce((sum, r) => sum + r.lateFee, 0n);
  return { installment: next, amount: next.owed + lateFee, lateFee };
}

/** The second the buyer's window closes and anyone may mark the plan defaulted. */
export function defaultableAt(rows: ScheduleRow[], gracePeriod: number): number | null {
  const next = rows.find((r) => r.owed > 0n);
  return next ? next.due_at + gracePeriod : null;
}

/** Schedule.split: the down payment, financing fee, installment and last installment of terms. */
export function splitTerms(terms: Pick<Plan, "price" | "down_payment_bps" | "financing_fee_bps" | "installment_count">) {
  const price = BigInt(terms.price);
  const count = BigInt(terms.installment_count);
  const downPayment = (price * BigInt(terms.down_payment_bps)) / BPS;
  const financed = price - downPayment;
  const financingFee = (financed * BigInt(terms.financing_fee_bps)) / BPS;
  const total = financed + financingFee;
  const installment = total / count;
  return { downPayment, financingFee, installment, lastInstallment: installment + (total % count), total };
}
