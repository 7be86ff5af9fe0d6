import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useBlock, useConnection } from "wagmi";

import { WithdrawBalance } from "../../components/WithdrawBalance";
import { useTitle } from "../../components/useTitle";
import { useHashTarget } from "../../components/useHashTarget";
import { explain } from "../../lib/errors";
import { rentalsApi, type Rental } from "../../lib/rentalsApi";
import { RentalCard } from "./RentalCard";

function Side({ title, side, rentals, now, empty }: { title: string; side: "renter" | "lender"; rentals: Rental[]; now: number | null; empty: string }) {
  return (
    <section className="side-section" data-testid={`rentals-${side}`}>
      <h2>{title}</h2>
      {rentals.length === 0 && <p className="muted">{empty}</p>}
      <ul className="orders">
        {rentals.map((r) => (
          <RentalCard key={r.rental_id} summary={r} side={side} now={now} />
        ))}
      </ul>
    </section>
  );
}

/** The connected address's rentals: what it rents (return it, answer a claim) and what it lends out (hand over, inspect). */
export function MyRentalsPage() {
  useTitle("My rentals — Bazaar");
  const { address } = useConnection();
  // Windows are enforced by block.timestamp, so the page compares with the chain's clock.
  const block = useBlock({ query: { enabled: !!address, refetchInterval: 15_000 } });
  const now = block.data ? Number(block.data.timestamp) : null;
  const renting = useQuery({ queryKey: ["rentals", "renter", address], queryFn: () => rentalsApi.rentals({ renter: address, limit: 50 }), enabled: !!address });
  const lending = useQuery({ queryKey: ["rentals", "lender", address], queryFn: () => rentalsApi.rentals({ lender: address, limit: 50 }), enabled: !!address });
  useHashTarget(renting.isSuccess && lending.isSuccess);
  if (!address) {
    return (
      <section className="panel">
        <h1>My rentals</h1>
        <p>Connect your wallet (top right) to see what you rent and what you lend out.</p>
      </section>
    );
  }
  const tokens = new Set([...(renting.data?.data ?? []), ...(lending.data?.data ?? [])].map((r) => r.token.toLowerCase()));
  return (
    <section>
      <div className="page-head">
        <h1>My rentals</h1>
        <Link to="/rentals">Find something to rent</Link>
      </div>
      {[...tokens].map((token) => (
        <WithdrawBalance key={token} which="rentals" account={address} token={token} label="Credited to you by the rental escrow" />
      ))}
      {(renting.isError || lending.isError) && <p className="error">{explain(renting.error ?? lending.error)}</p>}
      {renting.data && <Side title="Renting" side="renter" rentals={renting.data.data} now={now} empty="You have not rented anything yet." />}
      {lending.data && <Side title="Lending" side="lender" rentals={lending.data.data} now={now} empty="Nobody has rented from you yet." />}
    </section>
  );
}
