import { Link } from "react-router";

import { AddressText } from "../../components/Address";
import { Amount } from "../../components/Amount";
import { ListingTitle } from "../../components/ListingTitle";
import { ListingName } from "../rentals/ListingName";
import type { FeedItem } from "../../lib/api";
import { timeAgo } from "../../lib/format";
import { verb } from "./kinds";

const OFFER_ORDER_BIT = 1n << 255n;

/**
 * The Marketplace listing an item is about: listing ids as they are, listing orders as
 * id >> 32. Reviews (of orders) and promotions (of listings) come from other contracts but
 * name Marketplace subjects; rentals and plans have subject types of their own.
 */
export function listingOf(item: FeedItem): number | null {
  if (item.subject_type === "listing") return Number(item.subject_id);
  if (item.subject_type === "order") {
    const id = BigInt(item.subject_id);
    if (id & OFFER_ORDER_BIT) return null; // an order from a signed offer has no listing
    return Number(id >> 32n);
  }
  return null;
}

const REVIEW_KINDS = new Set(["reviewed", "review_edited", "review_responded"]);

/** Where a feed item points: the page about its subject, and the anchor on it. */
export type Target = { to: string; label: string };

/**
 * What a feed item is about, as a link: a listing (of the market, of rentals, of plans), an
 * order (the buyer's My orders, anchored at the order), a rental or a plan (the parties' pages,
 * anchored), or a review of a seller (its profile, anchored at the review).
 */
export function targetOf(item: FeedItem): Target {
  const id = item.subject_id;
  if (REVIEW_KINDS.has(item.kind)) {
    // A seller's (or lender's) reviews are listed on its profile; a buyer's are not (a buyer's
    // address has no public page unless it made one), so a review of a buyer links to the listing.
    const bySeller = item.actor.toLowerCase() === item.seller?.toLowerCase();
    const aboutSeller = item.kind === "review_responded" ? bySeller : !bySeller;
    if (aboutSeller && item.seller) return { to: `/profiles/${item.seller}#review-${id}`, label: "the review" };
    const listingId = listingOf(item);
    if (listingId !== null) return { to: `/listings/${listingId}`, label: "the listing" };
    const terms = termListingOf(item);
    if (terms) return { to: `/rentals/listings/${terms.listingId}`, label: "the rental listing" };
    return { to: `/feed/${item.id}`, label: "this item" };
  }
  switch (item.subject_type) {
    case "listing":
      return { to: `/listings/${id}`, label: "the listing" };
    case "order":
      return { to: `/orders#order-${id}`, label: "the order" };
    case "rental_listing":
      return { to: `/rentals/listings/${id}`, label: "the rental listing" };
    case "rental":
      return { to: `/rentals/mine#rental-${id}`, label: "the rental" };
    case "plan_listing":
      return { to: `/plans/listings/${id}`, label: "the installment listing" };
    case "plan":
      return { to: `/plans/mine#plan-${id}`, label: "the plan" };
    default:
      return { to: `/feed/${item.id}`, label: "this item" };
  }
}

/** The rental or plan listing an item is about: rental ids are listingId << 32 | n. */
function termListingOf(item: FeedItem): { kind: "rental" | "plan"; listingId: number } | null {
  if (item.subject_type === "rental_listing") return { kind: "rental", listingId: Number(item.subject_id) };
  if (item.subject_type === "rental") return { kind: "rental", listingId: Number(BigInt(item.subject_id) >> 32n) };
  if (item.subject_type === "plan_listing") return { kind: "plan", listingId: Number(item.subject_id) };
  return null; // a plan's id is its buyer and a sequence: the feed item does not name its listing
}

// Amounts that are a price paid or asked; a promotion's credits or a review's fee are not.
const PRICED = new Set(["listing_created", "listing_updated", "purchased", "order_placed", "offer_accepted", "order_completed", "order_refunded", "order_cancelled", "dispute_resolved"]);

function Subject({ item }: { item: FeedItem }) {
  const listingId = listingOf(item);
  if (listingId !== null) return <ListingTitle listingId={listingId} />;
  const terms = termListingOf(item);
  if (terms) return <ListingName kind={terms.kind} listingId={terms.listingId} />;
  const id = item.subject_id.length > 12 ? `${item.subject_id.slice(0, 6)}…${item.subject_id.slice(-4)}` : item.subject_id;
  return (
    <>
      {item.subject_type.replace(/_/g, " ")} {id}
    </>
  );
}

export function FeedItemCard({ item }: { item: FeedItem }) {
  const target = targetOf(item);
  const listingId = listingOf(item);
  const terms = termListingOf(item);
  const showAmount =
    item.amount && item.amount !== "0" && (PRICED.has(item.kind) || item.contract !== "Marketplace") && item.kind !== "promoted" && !REVIEW_KINDS.has(item.kind);
  return (
    <li className="feed-item" data-testid="feed-item" data-kind={item.kind} data-id={item.id}>
      <div className="feed-line">
        <span className="feed-actor">
          <AddressText address={item.actor} />
        </span>{" "}
        <span className="feed-verb">{verb(item.kind)}</span>{" "}
        <Link to={target.to} className="feed-subject" data-testid="feed-target">
          <strong>
            <Subject item={item} />
          </strong>
        </Link>
        {showAmount && (
          <>
            {" "}
            for <Amount value={item.amount!} token={item.token} />
          </>
        )}
        {/* The order's and the rental's own places are the parties' pages; anyone can open the listing. */}
        {item.subject_type === "order" && listingId !== null && !target.to.startsWith("/listings/") && (
          <>
            {" "}
            · <Link to={`/listings/${listingId}`}>listing</Link>
          </>
        )}
        {item.subject_type === "rental" && terms && (
          <>
            {" "}
            · <Link to={`/rentals/listings/${terms.listingId}`}>listing</Link>
          </>
        )}
      </div>
      <div className="feed-meta">
        <Link to={`/feed/${item.id}`} className="permalink" title="This item's own page">
          <time dateTime={new Date(item.timestamp * 1000).toISOString()}>{timeAgo(item.timestamp)}</time>
        </Link>
        {" · "}block {item.block_number}
        {!item.final && " · not final yet"}
      </div>
    </li>
  );
}
