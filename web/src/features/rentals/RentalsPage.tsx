import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { Amount } from "../../components/Amount";
import { useTitle } from "../../components/useTitle";
import { explain } from "../../lib/errors";
import { rentalsApi } from "../../lib/rentalsApi";
import { ListingName } from "./ListingName";

/** Things for rent: daily rate, deposit and day limits at a glance, each linking to its booking page. */
export function RentalsPage() {
  useTitle("Rentals — Bazaar");
  const listings = useQuery({ queryKey: ["rentals", "listings"], queryFn: () => rentalsApi.rentalListings({ status: "active", limit: 50 }) });
  return (
    <section>
      <div className="page-head">
        <h1>Rent</h1>
        <Link to="/rentals/mine">My rentals</Link>
      </div>
      <p className="muted">Pay the rent and a deposit into escrow; the lender is paid as the rental runs and the deposit comes back after the return.</p>
      {listings.isPending && <p className="muted">Loading rentals…</p>}
      {listings.isError && <p className="error">{explain(listings.error)}</p>}
      {listings.data?.data.length === 0 && <p className="muted">Nothing is offered for rent yet.</p>}
      <ul className="cards">
        {listings.data?.data.map((l) => (
          <li key={l.listing_id} className="panel card" data-testid="rental-listing" data-listing-id={l.listing_id}>
            <Link to={`/rentals/listings/${l.listing_id}`}>
              <h2>
                <ListingName kind="rental" listingId={l.listing_id} />
              </h2>
            </Link>
            <p>
              <Amount value={l.daily_rate} token={l.token} /> a day · deposit <Amount value={l.deposit} token={l.token} />
            </p>
            <p className="muted small">
              {l.min_days}–{l.max_days} days · rented {l.rental_count} time{l.rental_count === 1 ? "" : "s"}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
