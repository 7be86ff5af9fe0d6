// Vouchers both ways. Signing: the browser's typed data against chain/marketplace/signing.py's, through the
// shared vector tests/vectors/voucher-v1.json (checked against chain/marketplace/signing.py by
// tests/chain/test_voucher_vector.py), which has the digest and the signature Python computed.
// Redeeming: the file `bazaar seller voucher` writes, read into the contract's struct and
// checked by the VoucherBook's rules.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { getAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";

import { parseVoucher, voucherDigest, voucherDiscount, voucherFile, VoucherProblem, voucherTypedData, type Voucher } from "./voucher";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
type Raw = Record<string, string | number | boolean>;
const vector = JSON.parse(readFileSync(resolve(ROOT, "tests/vectors/voucher-v1.json"), "utf8")) as {
  chain_id: number;
  book: Address;
  signer_private_key: Hex;
  cases: { name: string; voucher: Raw; digest: Hex; signature: Hex }[];
};

function voucherOf(raw: Raw): Voucher {
  return {
    seller: getAddress(raw.seller as string),
    buyer: getAddress(raw.buyer as string),
    listingId: BigInt(raw.listingId as string),
    token: getAddress(raw.token as string),
    percent: raw.percent as boolean,
    discount: BigInt(raw.discount as string),
    minSpend: BigInt(raw.minSpend as string),
    expiry: raw.expiry as number,
    maxRedemptions: raw.maxRedemptions as number,
    nonce: BigInt(raw.nonce as string),
  };
}

describe("voucher typed data", () => {
  const account = privateKeyToAccount(vector.signer_private_key);
  for (const c of vector.cases) {
    it(`${c.name}: same digest and signature as chain/marketplace/signing.py`, async () => {
      const voucher = voucherOf(c.voucher);
      expect(voucherDigest(voucher, vector.chain_id, vector.book)).toBe(c.digest);
      expect(await account.signTypedData(voucherTypedData(voucher, vector.chain_id, vector.book))).toBe(c.signature);
    });
  }

  it("writes the CLI's file, which the buy box reads back unchanged", async () => {
    for (const c of vector.cases) {
      const voucher = voucherOf(c.voucher);
      const signature = await account.signTypedData(voucherTypedData(voucher, vector.chain_id, vector.book));
      const signed = { voucher, signature, book: getAddress(vector.book), chainId: vector.chain_id };
      const text = voucherFile(signed);
      expect(parseVoucher(text)).toEqual(signed);
      // Integers stay bare JSON numbers, as Python writes and reads them (no quoted digits).
      expect(text).toContain(`"nonce": ${voucher.nonce}`);
      expect(text).toContain(`"listing_id": ${voucher.listingId}`);
    }
  });
});

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
