import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useBlock, useConnection } from "wagmi";

import { WithdrawBalance } from "../../components/WithdrawBalance";
import { useTitle } from "../../components/useTitle";
import { useHashTarget } from "../../components/useHashTarget";
import { explain } from "../../lib/errors";
import { rentalsApi, type Plan } from "../../lib/rentalsApi";
import { PlanCard } from "./PlanCard";

function Side({ title, side, plans, now, empty }: { title: string; side: "buyer" | "seller"; plans: Plan[]; now: number | null; empty: string }) {
  return (
    <section className="side-section" data-testid={`plans-${side}`}>
      <h2>{title}</h2>
      {plans.length === 0 && <p className="muted">{empty}</p>}
      <ul className="orders">
        {plans.map((p) => (
          <PlanCard key={p.plan_id} summary={p} side={side} now={now} />
        ))}
      </ul>
    </section>
  );
}

/** The connected address's installment plans: those it pays and those it sold. */
export function MyPlansPage() {
  useTitle("My plans — Bazaar");
  const { address } = useConnection();
  // Due dates and late fees follow block.timestamp, so the schedule is read at the chain's time.
  const block = useBlock({ query: { enabled: !!address, refetchInterval: 15_000 } });
  const now = block.data ? Number(block.data.timestamp) : null;
  const paying = useQuery({ queryKey: ["plans", "buyer", address], queryFn: () => rentalsApi.plans({ buyer: address, limit: 50 }), enabled: !!address });
  const selling = useQuery({ queryKey: ["plans", "seller", address], queryFn: () => rentalsApi.plans({ seller: address, limit: 50 }), enabled: !!address });
  useHashTarget(paying.isSuccess && selling.isSuccess);
  if (!address) {
    return (
      <section className="panel">
        <h1>My plans</h1>
        <p>Connect your wallet (top right) to see the plans you pay and the plans you sold.</p>
      </section>
    );
  }
  const tokens = new Set([...(paying.data?.data ?? []), ...(selling.data?.data ?? [])].map((p) => p.token.toLowerCase()));
  return (
    <section>
      <div className="page-head">
        <h1>My plans</h1>
        <Link to="/plans">Find something to buy in installments</Link>
      </div>
      {[...tokens].map((token) => (
        <WithdrawBalance key={token} which="plans" account={address} token={token} label="Credited to you by the plans contract" />
      ))}
      {(paying.isError || selling.isError) && <p className="error">{explain(paying.error ?? selling.error)}</p>}
      {paying.data && <Side title="Paying" side="buyer" plans={paying.data.data} now={now} empty="You have no installment plans yet." />}
      {selling.data && <Side title="Sold in installments" side="seller" plans={selling.data.data} now={now} empty="Nobody has started a plan with you yet." />}
    </section>
  );
}
