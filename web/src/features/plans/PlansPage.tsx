import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { Amount } from "../../components/Amount";
import { useTitle } from "../../components/useTitle";
import { explain } from "../../lib/errors";
import { rentalsApi } from "../../lib/rentalsApi";
import { splitTerms } from "../../lib/schedule";
import { formatDuration } from "../../lib/format";
import { ListingName } from "../rentals/ListingName";

/** Things sold in installments: price, down payment and installments at a glance. */
export function PlansPage() {
  useTitle("Pay in installments — Bazaar");
  const listings = useQuery({ queryKey: ["plans", "listings"], queryFn: () => rentalsApi.planListings({ status: "active", limit: 50 }) });
  return (
    <section>
      <div className="page-head">
        <h1>Pay in installments</h1>
        <Link to="/plans/mine">My plans</Link>
      </div>
      <p className="muted">Pay a down payment now and the rest on a fixed schedule, by hand or from an allowance a keeper collects.</p>
      {listings.isPending && <p className="muted">Loading plans…</p>}
      {listings.isError && <p className="error">{explain(listings.error)}</p>}
      {listings.data?.data.length === 0 && <p className="muted">Nothing is offered in installments yet.</p>}
      <ul className="cards">
        {listings.data?.data.map((l) => {
          const split = splitTerms(l);
          return (
            <li key={l.listing_id} className="panel card" data-testid="plan-listing" data-listing-id={l.listing_id}>
              <Link to={`/plans/listings/${l.listing_id}`}>
                <h2>
                  <ListingName kind="plan" listingId={l.listing_id} />
                </h2>
              </Link>
              <p>
                <Amount value={split.downPayment} token={l.token} /> now, then {l.installment_count} × <Amount value={split.installment} token={l.token} />
              </p>
              <p className="muted small">
                every {formatDuration(l.interval)} · cash price <Amount value={l.price} token={l.token} /> · {l.stock} in stock
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
