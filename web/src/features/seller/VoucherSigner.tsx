// Sign a discount voucher (EIP-712, lib/voucher.ts) for the Marketplace's VoucherBook. A
// voucher is never published: the seller hands the signed file (the same one `bazaar seller
// voucher` writes) to buyers, who paste it into the buy box; the chain sees it only when one
// redeems it (or the seller cancels it).
import { useState } from "react";
import { isAddress, parseUnits, zeroAddress, type Address, type Hex } from "viem";
import { readContract, signTypedData } from "wagmi/actions";

import type { ListingSummary } from "../../lib/api";
import { erc20PermitAbi, marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { appConfig, marketplaceAddress } from "../../lib/config";
import { explain } from "../../lib/errors";
import { ETH } from "../../lib/format";
import { voucherDigest, voucherFile, voucherTypedData, type Voucher } from "../../lib/voucher";

const MAX_UINT32 = 2 ** 32 - 1;

/** The expiry `days` from now, in chain seconds (the book compares it with block time). */
const expiryIn = (days: number) => Math.floor(Date.now() / 1000 + days * 86400);
/** A fresh random nonce: two vouchers with the same terms stay two vouchers. */
const randomNonce = () => BigInt(`0x${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("")}`);

export function VoucherSigner({ seller, listings }: { seller: Address; listings: ListingSummary[] }) {
  const [listingId, setListingId] = useState("0");
  const [percent, setPercent] = useState(false);
  const [discount, setDiscount] = useState("");
  const [minSpend, setMinSpend] = useState("0");
  const [days, setDays] = useState("30");
  const [uses, setUses] = useState("1");
  const [buyer, setBuyer] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [signed, setSigned] = useState<{ json: string; digest: Hex } | null>(null);
  const [busy, setBusy] = useState(false);
  const listing = listings.find((l) => String(l.listing_id) === listingId);
  const token = (listing?.token ?? ETH) as Address;

  async function sign() {
    setProblem(null);
    setSigned(null);
    const maxRedemptions = Number(uses);
    const expiresIn = Number(days);
    if (buyer.trim() && !isAddress(buyer.trim())) return setProblem("The buyer is a 0x address, or empty for anyone.");
    if (!Number.isInteger(maxRedemptions) || maxRedemptions < 1 || maxRedemptions > MAX_UINT32) return setProblem("Uses is a whole number from 1.");
    if (!(expiresIn > 0)) return setProblem("The voucher must be valid for some days.");
    setBusy(true);
    try {
      const decimals = token.toLowerCase() === ETH ? 18 : await readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "decimals" });
      let amount: bigint;
      let spend: bigint;
      try {
        amount = percent ? BigInt(Math.round(Number(discount) * 100)) : parseUnits(discount.trim(), decimals);
        spend = parseUnits(minSpend.trim() || "0", decimals);
      } catch {
        throw new Error("Write the discount and the minimum spend as numbers, such as 0.005 or 15.");
      }
      if (amount <= 0n || (percent && amount > 10_000n)) throw new Error(percent ? "A percentage is above 0 and at most 100." : "The discount is above 0.");
      const voucher: Voucher = {
        seller,
        buyer: (buyer.trim() || zeroAddress) as Address,
        listingId: BigInt(listingId),
        token,
        percent,
        discount: amount,
        minSpend: spend,
        expiry: expiryIn(expiresIn),
        maxRedemptions,
        nonce: randomNonce(),
      };
      const book = await readContract(wagmiConfig, { address: marketplaceAddress(), abi: marketplaceAbi, functionName: "vouchersBook" });
      const signature = await signTypedData(wagmiConfig, { account: seller, ...voucherTypedData(voucher, appConfig.chainId, book) });
      setSigned({ json: voucherFile({ voucher, signature, book, chainId: appConfig.chainId }), digest: voucherDigest(voucher, appConfig.chainId, book) });
    } catch (failure) {
      setProblem(explain(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" data-testid="vouchers">
      <h2>Vouchers</h2>
      <p className="muted small">A voucher is a discount you sign here and give to buyers; nothing goes on chain until one is redeemed.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void sign();
        }}
      >
        <div className="form-grid">
          <label className="field" htmlFor="voucher-listing">
            <span>For</span>
            <select id="voucher-listing" value={listingId} onChange={(e) => setListingId(e.target.value)}>
              <option value="0">every listing paid in ETH</option>
              {listings
                .filter((l) => l.status !== "closed")
                .map((l) => (
                  <option key={l.listing_id} value={l.listing_id}>
                    {l.title ?? `listing ${l.listing_id}`}
                  </option>
                ))}
            </select>
          </label>
          <label className="field" htmlFor="voucher-kind">
            <span>Discount as</span>
            <select id="voucher-kind" value={percent ? "percent" : "amount"} onChange={(e) => setPercent(e.target.value === "percent")}>
              <option value="amount">an amount{token.toLowerCase() === ETH ? " of ETH" : " of the token"}</option>
              <option value="percent">a percentage</option>
            </select>
          </label>
          <label className="field" htmlFor="voucher-discount">
            <span>Discount</span>
            <input id="voucher-discount" inputMode="decimal" value={discount} onChange={(e) => setDiscount(e.target.value)} />
          </label>
          <label className="field" htmlFor="voucher-min">
            <span>Minimum spend</span>
            <input id="voucher-min" inputMode="decimal" value={minSpend} onChange={(e) => setMinSpend(e.target.value)} />
          </label>
          <label className="field" htmlFor="voucher-days">
            <span>Valid for (days)</span>
            <input id="voucher-days" inputMode="decimal" value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
          <label className="field" htmlFor="voucher-uses">
            <span>Uses</span>
            <input id="voucher-uses" inputMode="numeric" value={uses} onChange={(e) => setUses(e.target.value)} />
          </label>
          <label className="field" htmlFor="voucher-buyer">
            <span>Only for buyer (optional 0x address)</span>
            <input id="voucher-buyer" value={buyer} onChange={(e) => setBuyer(e.target.value)} />
          </label>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            Sign the voucher
          </button>
        </div>
      </form>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {signed && (
        <label className="field" htmlFor="voucher-signed">
          <span>Signed voucher {signed.digest.slice(0, 10)}… (give this to the buyer: it pastes into the buy box)</span>
          <textarea id="voucher-signed" data-testid="signed-voucher" readOnly rows={8} value={signed.json} />
        </label>
      )}
    </section>
  );
}
