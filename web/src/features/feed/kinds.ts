// Feed kinds as the indexer names them (indexer/models/core.py FeedKind, docs/api.md "Feed
// pages and cursors"), grouped for the filter and said as words for an item.
// tests/api/test_feed.py checks that VERBS names exactly the FeedKinds and that every group
// sends only FeedKinds.
export const KIND_GROUPS: { label: string; kinds: string[] }[] = [
  { label: "New listings", kinds: ["listing_created", "listing_updated", "rental_listing_created", "rental_listing_updated", "plan_listing_created", "plan_listing_updated"] },
  { label: "Purchases", kinds: ["purchased", "order_placed", "offer_accepted"] },
  { label: "Shipping", kinds: ["order_shipped", "order_completed"] },
  { label: "Disputes and refunds", kinds: ["dispute_opened", "dispute_resolved", "order_refunded", "order_cancelled"] },
  {
    label: "Rentals",
    kinds: ["rented", "rental_started", "returned", "damage_claimed", "rental_disputed", "rental_dispute_resolved", "rental_lost", "rental_completed", "rental_cancelled"],
  },
  { label: "Plans", kinds: ["plan_started", "installment_paid", "plan_paid_off", "plan_completed", "plan_defaulted", "plan_cancelled"] },
  { label: "Reviews", kinds: ["reviewed", "review_edited", "review_responded", "promoted"] },
];

// What the actor did, said before the subject: "0x7099…79C8 bought Leica M6".
const VERBS: Record<string, string> = {
  listing_created: "listed",
  listing_updated: "updated the listing",
  listing_paused: "paused the listing",
  listing_resumed: "resumed the listing",
  listing_closed: "closed the listing",
  purchased: "bought",
  order_placed: "ordered (escrow)",
  offer_accepted: "accepted an offer",
  order_shipped: "shipped",
  order_completed: "completed the order",
  order_cancelled: "cancelled the order",
  order_refunded: "refunded",
  dispute_opened: "opened a dispute",
  dispute_resolved: "had a dispute resolved",
  rental_listing_created: "offered for rent",
  rental_listing_updated: "updated the rental terms of",
  rental_listing_paused: "paused renting out",
  rental_listing_resumed: "resumed renting out",
  rental_listing_closed: "stopped renting out",
  rented: "booked a rental of",
  rental_cancelled: "cancelled the booking of",
  rental_started: "handed over",
  returned: "returned",
  rental_lost: "settled as lost",
  damage_claimed: "claimed damages on",
  rental_disputed: "disputed the damage claim on",
  rental_dispute_resolved: "had the rental dispute resolved on",
  rental_completed: "closed the rental of",
  plan_listing_created: "offered in installments",
  plan_listing_updated: "updated the installment listing",
  plan_listing_closed: "closed the installment listing",
  plan_started: "started an installment plan for",
  installment_paid: "paid an installment on",
  plan_paid_off: "paid off the plan for",
  plan_completed: "completed the plan for",
  plan_defaulted: "marked defaulted the plan for",
  plan_cancelled: "cancelled the plan for",
  reviewed: "reviewed a deal:",
  review_edited: "edited the review of",
  review_responded: "answered a review of",
  promoted: "promoted",
};

export const FEED_KINDS: readonly string[] = Object.keys(VERBS);

export function verb(kind: string): string {
  return VERBS[kind] ?? kind.replace(/_/g, " ");
}
