// Feed kinds as the indexer names them (docs/api.md, "Feed pages and cursors"), grouped for
// the filter and said as words for an item.
export const KIND_GROUPS: { label: string; kinds: string[] }[] = [
  { label: "New listings", kinds: ["listing_created", "listing_updated", "rental_listing_created", "plan_listing_created"] },
  { label: "Purchases", kinds: ["purchased", "order_placed", "offer_accepted"] },
  { label: "Shipping", kinds: ["order_shipped", "order_completed"] },
  { label: "Disputes and refunds", kinds: ["dispute_opened", "dispute_resolved", "order_refunded", "order_cancelled"] },
  { label: "Rentals", kinds: ["rental_started", "rental_completed", "rental_cancelled", "rental_disputed"] },
  { label: "Reviews", kinds: ["reviewed", "review_responded", "promoted"] },
];

const VERBS: Record<string, string> = {
  listing_created: "listed",
  listing_updated: "updated the listing",
  listing_closed: "closed the listing",
  listing_paused: "paused the listing",
  listing_resumed: "resumed the listing",
  purchased: "bought",
  order_placed: "ordered (escrow)",
  offer_accepted: "accepted an offer",
  order_shipped: "shipped",
  order_completed: "completed the order",
  order_cancelled: "cancelled the order",
  order_refunded: "refunded",
  dispute_opened: "opened a dispute",
  dispute_resolved: "had a dispute resolved",
  reviewed: "reviewed a deal",
  review_responded: "answered a review",
  promoted: "promoted a listing",
};

export function verb(kind: string): string {
  return VERBS[kind] ?? kind.replace(/_/g, " ");
}
