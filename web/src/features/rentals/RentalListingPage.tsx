import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useConnection } from "wagmi";

import { AddressText } from "../../components/Address";
import { Amount } from "../../components/Amount";
import { TxStatus } from "../../components/TxStatus";
import { useTitle } from "../../components/useTitle";
import { explain } from "../../lib/errors";
import { bookingCost } from "../../lib/rental";
import { rentalsApi, type RentalListing } from "../../lib/rentalsApi";
import { RentalTermsFacts } from "./RentalTermsFacts";
import { useBooking } from "./useBooking";

function BookingForm({ listing }: { listing: RentalListing }) {
  const { status, address } = useConnection();
  const { state, busy, book } = useBooking(listing);
  const [days, setDays] = useState(listing.min_days);
  const cost = bookingCost(listing, days);
  const problem =
    days < listing.min_days || days > listing.max_days ? `Choose between ${listing.min_days} and ${listing.max_days} days.` : null;
  const own = address?.toLowerCase() === listing.lender.toLowerCase();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!problem) void book(days);
  }

  return (
    <form className="buy-form" onSubmit={submit} noValidate data-testid="booking">
      <label className="field" htmlFor="rental-days">
        <span>Days</span>
        <input
          id="rental-days"
          type="number"
          min={listing.min_days}
          max={listing.max_days}
          value={days}
          onChange={(e) => setDays(Math.floor(Number(e.target.value) || 0))}
        />
      </label>
      {problem ? (
        <p className="error">{problem}</p>
      ) : (
        <dl className="facts" data-testid="booking-cost">
          <dt>Rent</dt>
          <dd>
            <Amount value={cost.rent} token={listing.token} />
          </dd>
          <dt>Deposit</dt>
          <dd>
            <Amount value={cost.deposit} token={listing.token} />
          </dd>
          <dt>Pay now</dt>
          <dd>
            <Amount value={cost.total} token={listing.token} />
          </dd>
        </dl>
      )}
      {listing.status !== "active" ? (
        <p className="muted">This listing is {listing.status}, so it cannot be booked.</p>
      ) : status !== "connected" ? (
        <p className="muted">Connect a wallet (top right) to book. No account or sign-up needed.</p>
      ) : own ? (
        <p className="muted">This is your listing; its rentals are in My rentals.</p>
      ) : (
        <button type="submit" className="primary" disabled={busy || !!problem}>
          {busy ? "Working…" : "Book and pay"}
        </button>
      )}
      <TxStatus state={state} />
      {state.step === "done" && (
        <p>
          <Link to="/rentals/mine">See it in My rentals</Link>
        </p>
      )}
    </form>
  );
}

export function RentalListingPage() {
  const { listingId } = useParams();
  const listing = useQuery({
    queryKey: ["rentals", "listing", Number(listingId)],
    queryFn: () => rentalsApi.rentalListing(listingId!),
    enabled: !!listingId,
  });
  const meta = listing.data?.metadata_document;
  const title = meta?.title ?? `Rental #${listingId}`;
  useTitle(listing.data ? `${title} — for rent — Bazaar` : null);
  if (listing.isPending) return <p className="muted">Loading the rental listing…</p>;
  if (listing.isError) return <p className="error">{explain(listing.error)}</p>;
  const l = listing.data;
  return (
    <div className="listing-grid">
      <article className="panel listing" data-testid="rental-listing-page">
        <p className="muted">For rent · lender <AddressText address={l.lender} /></p>
        <h1>{title}</h1>
        {meta?.description && <p className="description">{meta.description}</p>}
        <RentalTermsFacts listing={l} />
      </article>
      <section className="panel buy" aria-label="Book">
        <p className="price">
          <Amount value={l.daily_rate} token={l.token} /> <span className="muted small">a day</span>
        </p>
        <BookingForm listing={l} />
      </section>
    </div>
  );
}
