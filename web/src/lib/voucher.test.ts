import { describe, expect, it } from "vitest";

import { parseVoucher, voucherDiscount, VoucherProblem } from "./voucher";

const SELLER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const file = (voucher: Record<string, unknown>) =>
  JSON.stringify({
    voucher: { seller: SELLER, discount: 10_000_000_000_000_000, expiry: 2_000_000_000, nonce: 7, percent: false,
      buyer: "0x0000000000000000000000000000000000000000", listing_id: 3, token: "0x0000000000000000000000000000000000000000",
      min_spend: 0, max_redemptions: 1, ...voucher },
    signature: "0x" + "ab".repeat(65),
    book: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    chain_id: 31337,
  });
const purchase = { listingId: 3n, seller: SELLER.toLowerCase(), token: "0x0000000000000000000000000000000000000000", subtotal: 5n * 10n ** 16n, now: 1_900_000_000 };

describe("vouchers", () => {
  it("reads the CLI's file into the contract's struct", () => {
    const signed = parseVoucher(file({}));
    expect(signed.voucher.listingId).toBe(3n);
    expect(signed.voucher.discount).toBe(10n ** 16n);
    expect(signed.chainId).toBe(31337);
    expect(voucherDiscount(signed, purchase, 31337)).toBe(10n ** 16n);
  });

  it("keeps uint256 values exact past 2^53", () => {
    const text = file({}).replace("10000000000000000", "12345678901234567");
    expect(parseVoucher(text).voucher.discount).toBe(12345678901234567n);
  });

  it("takes basis points of the subtotal when percent", () => {
    const signed = parseVoucher(file({ percent: true, discount: 2500 }));
    expect(voucherDiscount(signed, purchase, 31337)).toBe(125n * 10n ** 14n);
  });

  it("says why a voucher does not apply", () => {
    expect(() => parseVoucher("not json")).toThrow(VoucherProblem);
    expect(() => voucherDiscount(parseVoucher(file({ listing_id: 4 })), purchase, 31337)).toThrow("listing 4 only");
    expect(() => voucherDiscount(parseVoucher(file({ expiry: 1_800_000_000 })), purchase, 31337)).toThrow("expired");
    expect(() => voucherDiscount(parseVoucher(file({})), purchase, 1)).toThrow("chain 31337");
    expect(() => voucherDiscount(parseVoucher(file({ discount: 5 * 10 ** 16 })), purchase, 31337)).toThrow("whole price");
  });
});
