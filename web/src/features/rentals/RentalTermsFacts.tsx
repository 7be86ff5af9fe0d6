import { Amount } from "../../components/Amount";
import { formatDuration } from "../../lib/format";
import type { RentalListing } from "../../lib/rentalsApi";

/** A rental listing's terms, as the contract will hold the renter to them. */
export function RentalTermsFacts({ listing }: { listing: RentalListing }) {
  return (
    <dl className="facts" data-testid="rental-terms">
      <dt>Rent</dt>
      <dd>
        <Amount value={listing.daily_rate} token={listing.token} /> a day
      </dd>
      <dt>Deposit</dt>
      <dd>
        <Amount value={listing.deposit} token={listing.token} /> (back after the lender inspects the return)
      </dd>
      <dt>Days</dt>
      <dd>
        {listing.min_days} to {listing.max_days} (the first {listing.min_days === 1 ? "day is" : `${listing.min_days} days are`} never refunded)
      </dd>
      <dt>Late fee</dt>
      <dd>
        <Amount value={listing.late_fee_per_day} token={listing.token} /> a started day late,{" "}
        {listing.grace_period ? `after ${formatDuration(listing.grace_period)} of grace` : "from the end of the rental (no grace)"}
      </dd>
      <dt>Handover</dt>
      <dd>within {formatDuration(listing.handover_window)} of booking, or you can cancel for a full refund</dd>
      <dt>Inspection</dt>
      <dd>within {formatDuration(listing.inspection_window)} of the return</dd>
    </dl>
  );
}
