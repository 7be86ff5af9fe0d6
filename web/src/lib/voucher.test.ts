// The browser's voucher typed data against chain/signing.py's: the shared vector
// tests/vectors/voucher-v1.json (checked against chain/signing.py by
// tests/chain/test_voucher_vector.py) has the digest and the signature Python computed.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { Address, Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";

import { voucherDigest, voucherTypedData, type Voucher } from "./voucher";

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
    seller: raw.seller as Address,
    buyer: raw.buyer as Address,
    listingId: BigInt(raw.listingId as string),
    token: raw.token as Address,
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
    it(`${c.name}: same digest and signature as chain/signing.py`, async () => {
      const voucher = voucherOf(c.voucher);
      expect(voucherDigest(voucher, vector.chain_id, vector.book)).toBe(c.digest);
      expect(await account.signTypedData(voucherTypedData(voucher, vector.chain_id, vector.book))).toBe(c.signature);
    });
  }
});
