import { describe, expect, it } from "vitest";

import type { FeedItem } from "../../lib/api";
import { listingOf, targetOf } from "./FeedItemCard";

const item = (subject_type: string, subject_id: string, contract = "Marketplace") => ({ subject_type, subject_id, contract }) as FeedItem;

describe("which listing a feed item links to", () => {
  it("reads listing ids and listing orders (listingId << 32 | n)", () => {
    expect(listingOf(item("listing", "7"))).toBe(7);
    expect(listingOf(item("order", String((3n << 32n) | 2n)))).toBe(3);
    expect(listingOf(item("order", String((3n << 32n) | 2n), "Reputation"))).toBe(3);
  });
  it("gives none for offer orders, rentals and plans", () => {
    expect(listingOf(item("order", String((1n << 255n) | 12345n)))).toBeNull();
    expect(listingOf(item("rental", "8589934593", "RentalEscrow"))).toBeNull();
    expect(listingOf(item("plan_listing", "2", "InstallmentPlans"))).toBeNull();
  });
});

describe("where a feed item links to", () => {
  const full = (fields: Partial<FeedItem>) => ({ id: 9, kind: "purchased", actor: "0xaa", seller: "0xbb", buyer: "0xaa", ...fields }) as FeedItem;
  it("links listings, orders, rentals and plans to their pages and anchors", () => {
    expect(targetOf(full({ subject_type: "listing", subject_id: "7", kind: "listing_created" })).to).toBe("/listings/7");
    expect(targetOf(full({ subject_type: "order", subject_id: "12884901890" })).to).toBe("/orders#order-12884901890");
    expect(targetOf(full({ subject_type: "rental_listing", subject_id: "2", kind: "rental_listing_created" })).to).toBe("/rentals/listings/2");
    expect(targetOf(full({ subject_type: "rental", subject_id: "8589934593", kind: "damage_claimed" })).to).toBe("/rentals/mine#rental-8589934593");
    expect(targetOf(full({ subject_type: "plan_listing", subject_id: "3", kind: "plan_listing_created" })).to).toBe("/plans/listings/3");
    expect(targetOf(full({ subject_type: "plan", subject_id: "55", kind: "plan_defaulted" })).to).toBe("/plans/mine#plan-55");
  });
  it("links a review of a seller to the seller's profile at the review, a review of a buyer to the listing", () => {
    expect(targetOf(full({ subject_type: "order", subject_id: "5", kind: "reviewed", actor: "0xaa" })).to).toBe("/profiles/0xbb#review-5");
    expect(targetOf(full({ subject_type: "rental", subject_id: "6", kind: "review_responded", actor: "0xbb" })).to).toBe("/profiles/0xbb#review-6");
    expect(targetOf(full({ subject_type: "order", subject_id: "12884901890", kind: "reviewed", actor: "0xbb" })).to).toBe("/listings/3");
    expect(targetOf(full({ subject_type: "rental", subject_id: "8589934593", kind: "reviewed", actor: "0xbb" })).to).toBe("/rentals/listings/2");
  });
});
