import { describe, expect, it } from "vitest";

import type { FeedItem } from "../../lib/api";
import { listingOf } from "./FeedItemCard";

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
