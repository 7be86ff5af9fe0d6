import { Link } from "react-router";

import { AddressText } from "../../components/Address";
import { Amount } from "../../components/Amount";
import { ListingTitle } from "../../components/ListingTitle";
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

// Amounts that are a price paid or asked; a promotion's credits or a review's fee are not.
const PRICED = new Set(["listing_created", "listing_updated", "purchased", "order_placed", "offer_accepted", "order_completed", "order_refunded", "order_cancelled", "dispute_resolved"]);

export function FeedItemCard({ item }: { item: FeedItem }) {
  const listingId = listingOf(item);
  const body = (
    <>
      <span className="feed-actor">
        <AddressText address={item.actor} />
      </span>{" "}
      <span className="feed-verb">{verb(item.kind)}</span>{" "}
      {listingId !== null ? (
        <strong className="feed-subject">
          <ListingTitle listingId={listingId} />
        </strong>
      ) : (
        <span className="feed-subject">
          {item.subject_type.replace(/_/g, " ")} {item.subject_id.length > 12 ? `${item.subject_id.slice(0, 10)}…` : item.subject_id}
        </span>
      )}
      {item.amount && item.amount !== "0" && (PRICED.has(item.kind) || item.contract !== "Marketplace") && item.kind !== "promoted" && !item.kind.startsWith("review") && (
        <>
          {" "}
          for <Amount value={item.amount} token={item.token} />
        </>
      )}
    </>
  );
  return (
    <li className="feed-item" data-testid="feed-item" data-kind={item.kind} data-id={item.id}>
      <div className="feed-line">{listingId !== null ? <Link to={`/listings/${listingId}`}>{body}</Link> : body}</div>
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
