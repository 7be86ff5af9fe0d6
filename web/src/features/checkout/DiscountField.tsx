import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import { Amount } from "../../components/Amount";
import { api, type Listing } from "../../lib/api";
import { appConfig } from "../../lib/config";
import { parseVoucher, voucherDiscount, VoucherProblem } from "../../lib/voucher";
import type { Discount } from "./useCheckout";


/** The credits a buyer may spend here: the cap's share of the subtotal, their balance, less than the whole. */
function creditsUsable(listing: Listing, subtotal: bigint, balance: bigint): bigint {
  const cap = (subtotal * BigInt(listing.credit_cap_bps ?? 0)) / 10_000n;
  const most = [cap, balance, subtotal - 1n].reduce((a, b) => (a < b ? a : b));
  return most > 0n ? most : 0n;
}

/** A seller's voucher (pasted as the seller sent it) or the buyer's review credits, never both. */
export function useDiscount(listing: Listing, subtotal: bigint, buyer: string | undefined) {
  const [text, setText] = useState("");
  const [useCredits, setUseCredits] = useState(false);
  // The page's clock when it opened, for the expiry: the contract checks the block's time anyway.
  const [now] = useState(() => Date.now() / 1000);
  const acceptsCredits = Boolean(listing.accepted_credits) && (listing.credit_cap_bps ?? 0) > 0;
  const credits = useQuery({
    queryKey: ["credits", buyer],
    queryFn: () => api.credits(buyer!),
    enabled: acceptsCredits && Boolean(buyer),
  });
  const balance = BigInt(
    credits.data?.balances.find((b) => b.credits.toLowerCase() === listing.accepted_credits?.toLowerCase())?.balance ?? "0",
  );
  const usable = creditsUsable(listing, subtotal, balance);

  const voucher = useMemo((): { discount: Discount; problem: string | null } => {
    if (!text.trim()) return { discount: null, problem: null };
    try {
      const signed = parseVoucher(text.trim());
      const purchase = { listingId: BigInt(listing.listing_id), seller: listing.seller, token: listing.token, subtotal, buyer, now };
      return { discount: { kind: "voucher", signed, amount: voucherDiscount(signed, purchase, appConfig.chainId) }, problem: null };
    } catch (error) {
      return { discount: null, problem: error instanceof VoucherProblem ? error.message : String(error) };
    }
  }, [text, listing, subtotal, buyer, now]);

  const discount: Discount = voucher.discount ?? (useCredits && usable > 0n ? { kind: "credits", amount: usable } : null);
  return { discount, text, setText, voucher, acceptsCredits, usable, useCredits, setUseCredits };
}

export function DiscountField({ listing, state }: { listing: Listing; state: ReturnType<typeof useDiscount> }) {
  const { text, setText, voucher, acceptsCredits, usable, useCredits, setUseCredits } = state;
  return (
    <div className="discounts">
      <label className="field" htmlFor="voucher">
        <span>Voucher (optional: paste the file the seller sent you)</span>
        <textarea id="voucher" rows={2} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </label>
      {voucher.problem && <p className="error" data-testid="voucher-problem">{voucher.problem}</p>}
      {voucher.discount && (
        <p className="ok" data-testid="voucher-applied">
          Voucher applied: <Amount value={voucher.discount.amount} token={listing.token} /> off.
        </p>
      )}
      {acceptsCredits && !voucher.discount && usable > 0n && (
        <label className="check">
          <input type="checkbox" checked={useCredits} onChange={(e) => setUseCredits(e.target.checked)} /> Pay{" "}
          <Amount value={usable} token={listing.token} /> with my review credits
        </label>
      )}
    </div>
  );
}
