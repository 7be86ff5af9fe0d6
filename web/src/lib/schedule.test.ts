import { describe, expect, it } from "vitest";

import type { ScheduledInstallment } from "./rentalsApi";
import { defaultableAt, lateFeeOf, nextPayment, PAYMENT_WINDOW, scheduleAt, splitTerms } from "./schedule";

const DAY = 86_400;
const start = 1_000_000;
// 3 installments of 100 (the last carries 2 of dust), due monthly-ish every 10 days.
const schedule: ScheduledInstallment[] = [1, 2, 3].map((i) => ({
  index: i,
  due_at: start + i * 10 * DAY,
  amount: i === 3 ? "102" : "100",
  paid: false,
  late_fee_charged: false,
}));
const plan = { paid: "0", late_fee_bps: 500 };

describe("a plan's schedule at a moment (libraries/Schedule.sol)", () => {
  it("is upcoming before a due date, due in the on-time window, late after it", () => {
    const due1 = schedule[0]!.due_at;
    expect(scheduleAt(plan, schedule, due1 - 1).map((r) => r.state)).toEqual(["upcoming", "upcoming", "upcoming"]);
    expect(scheduleAt(plan, schedule, due1)[0]!.state).toBe("due");
    expect(scheduleAt(plan, schedule, due1 + PAYMENT_WINDOW - 1)[0]!.state).toBe("due");
    const late = scheduleAt(plan, schedule, due1 + PAYMENT_WINDOW)[0]!;
    expect(late.state).toBe("late");
    expect(late.lateFee).toBe(5n);
  });
  it("applies what was paid in order, a partial payment leaving the rest owed", () => {
    const rows = scheduleAt({ ...plan, paid: "150" }, schedule, start);
    expect(rows.map((r) => [r.state, r.owed])).toEqual([["paid", 0n], ["upcoming", 50n], ["upcoming", 102n]]);
    expect(nextPayment(rows)).toEqual({ installment: rows[1], amount: 50n, lateFee: 0n });
    expect(defaultableAt(rows, 5 * DAY)).toBe(schedule[1]!.due_at + 5 * DAY);
  });
  it("adds every late fee not charged before to the next payment", () => {
    const now = schedule[1]!.due_at + PAYMENT_WINDOW;
    const charged = schedule.map((s) => (s.index === 1 ? { ...s, late_fee_charged: true } : s));
    const rows = scheduleAt(plan, charged, now);
    expect(rows.map((r) => r.lateFee)).toEqual([0n, 5n, 0n]);
    expect(nextPayment(rows)).toMatchObject({ amount: 105n, lateFee: 5n });
  });
  it("has nothing to pay once the total is covered", () => {
    const rows = scheduleAt({ ...plan, paid: "302" }, schedule, start + 100 * DAY);
    expect(rows.every((r) => r.state === "paid" && r.lateFee === 0n)).toBe(true);
    expect(nextPayment(rows)).toBeNull();
    expect(defaultableAt(rows, DAY)).toBeNull();
  });
  it("rounds a late fee down like the contract", () => {
    expect(lateFeeOf(199n, 100)).toBe(1n);
    expect(lateFeeOf(99n, 100)).toBe(0n);
  });
});

describe("splitting terms (Schedule.split)", () => {
  it("rounds down and gives the dust to the last installment", () => {
    // 1 ETH, 10 % down, 12 % financing fee on the rest, 12 installments.
    const split = splitTerms({ price: "1000000000000000000", down_payment_bps: 1000, financing_fee_bps: 1200, installment_count: 12 });
    expect(split.downPayment).toBe(10n ** 17n);
    expect(split.financingFee).toBe(108n * 10n ** 15n);
    expect(split.installment * 11n + split.lastInstallment).toBe(split.total);
    expect(split.total).toBe(1008n * 10n ** 15n);
    const odd = splitTerms({ price: "1001", down_payment_bps: 0, financing_fee_bps: 0, installment_count: 2 });
    expect([odd.installment, odd.lastInstallment]).toEqual([500n, 501n]);
  });
});
