import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { readContract } from "wagmi/actions";

import { AddressText } from "../../components/Address";
import { Amount } from "../../components/Amount";
import { TxStatus } from "../../components/TxStatus";
import { installmentPlansAbi, wagmiConfig } from "../../lib/chain";
import { installmentPlansAddress } from "../../lib/config";
import { rentalsApi, type Plan } from "../../lib/rentalsApi";
import { defaultableAt, nextPayment, scheduleAt } from "../../lib/schedule";
import { ListingName } from "../rentals/ListingName";
import { ScheduleTable } from "./ScheduleTable";
import { usePlanAction } from "./usePlanAction";

const when = (t: number) => new Date(t * 1000).toLocaleString();

/** One plan: its schedule at the chain's time and the steps the buyer or the seller can take. */
export function PlanCard({ summary, side, now }: { summary: Plan; side: "buyer" | "seller"; now: number | null }) {
  const detail = useQuery({ queryKey: ["plans", "detail", summary.plan_id], queryFn: () => rentalsApi.plan(summary.plan_id) });
  // What the chain says now: payoff, late fee, and the seller's unsettled proceeds.
  const quote = useQuery({
    queryKey: ["plan-quote", summary.plan_id, summary.paid, summary.status],
    queryFn: () => readContract(wagmiConfig, { address: installmentPlansAddress(), abi: installmentPlansAbi, functionName: "quote", args: [BigInt(summary.plan_id)] }),
    refetchInterval: 15_000,
  });
  const p = detail.data;
  const plan = p ?? summary;
  const rows = p && now !== null ? scheduleAt(p, p.schedule, now) : null;
  const next = rows ? nextPayment(rows) : null;
  const deadline = rows ? defaultableAt(rows, plan.grace_period) : null;
  const active = plan.status === "active";
  const { state, busy, act } = usePlanAction(p ?? { ...summary, schedule: [], installments: [], history: [] });
  const steps = state.step !== "done" && p;
  return (
    <li className="panel order" id={`plan-${plan.plan_id}`} data-testid="plan" data-plan-id={plan.plan_id} data-status={plan.status}>
      <div className="order-head">
        <h2>
          {plan.listing_id !== null ? <Link to={`/plans/listings/${plan.listing_id}`}>
              <ListingName kind="plan" listingId={plan.listing_id} />
            </Link> : "Offer plan"}{" "}
          <span className="muted small">plan {plan.plan_id.length > 14 ? `${plan.plan_id.slice(0, 6)}…${plan.plan_id.slice(-4)}` : plan.plan_id}</span>
        </h2>
        <span className={`badge status-${plan.status}`} data-testid="plan-status">
          {plan.status.replace(/_/g, " ")}
        </span>
      </div>
      <p>
        {side === "buyer" ? (
          <>
            from <AddressText address={plan.seller} />
          </>
        ) : (
          <>
            to <AddressText address={plan.buyer} />
          </>
        )}{" "}
        · {plan.mode === "layaway" ? "layaway" : "pay later"} · down payment <Amount value={plan.down_payment} token={plan.token} />
      </p>
      <p data-testid="plan-progress">
        Paid <Amount value={plan.paid} token={plan.token} /> of <Amount value={plan.total} token={plan.token} /> · {plan.paid_count} of {plan.installment_count}{" "}
        installments
        {BigInt(plan.late_fees) > 0n && (
          <>
            {" "}
            · late fees <Amount value={plan.late_fees} token={plan.token} />
          </>
        )}
      </p>
      {rows && <ScheduleTable rows={rows} token={plan.token} />}
      {active && next && (
        <p data-testid="next-payment">
          Next: <Amount value={next.amount} token={plan.token} /> (installment {next.installment.index}, due {when(next.installment.due_at)}
          {next.lateFee > 0n && (
            <>
              , with <Amount value={next.lateFee} token={plan.token} /> late fees
            </>
          )}
          ).{deadline !== null && ` Unpaid by ${when(deadline)}, the plan can be marked defaulted.`}
        </p>
      )}
      {steps && active && (
        <div className="actions">
          {side === "buyer" && next && (
            <button type="button" disabled={busy} onClick={() => void act("payNext")}>
              Pay installment {next.installment.index}
            </button>
          )}
          {side === "buyer" && quote.data && (
            <button type="button" disabled={busy} onClick={() => void act("payOff")}>
              Pay off now (<Amount value={quote.data.payoff} token={plan.token} />
              {quote.data.rebate > 0n && (
                <>
                  , <Amount value={quote.data.rebate} token={plan.token} /> fee rebated
                </>
              )}
              )
            </button>
          )}
          {side === "buyer" && plan.mode === "layaway" && (
            <button type="button" className="link" disabled={busy} onClick={() => void act("cancelByBuyer")}>
              Leave the plan (forfeit {plan.forfeit_bps / 100} % of what you paid)
            </button>
          )}
          {deadline !== null && now !== null && now >= deadline && (
            <button type="button" disabled={busy} onClick={() => void act("markDefault")} data-testid="mark-default">
              Mark the plan defaulted (unpaid past the grace period)
            </button>
          )}
          {side === "seller" && (
            <button type="button" className="link" disabled={busy} onClick={() => void act("cancelBySeller")}>
              Cancel the plan and refund the buyer
            </button>
          )}
        </div>
      )}
      {steps && side === "seller" && quote.data && quote.data.balance > 0n && (plan.mode !== "layaway" || !active) && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void act("withdrawProceeds")}>
            Withdraw proceeds (<Amount value={quote.data.balance} token={plan.token} />, before the platform fee)
          </button>
        </div>
      )}
      <TxStatus state={state} />
    </li>
  );
}
