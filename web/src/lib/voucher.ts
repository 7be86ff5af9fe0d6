// A seller's discount voucher for the Marketplace's VoucherBook, both ways:
// - signing (the seller workspace): EIP-712 typed data as chain/marketplace/signing.py's
//   voucher_typed_data (domain "Bazaar Vouchers" v1, verifying contract the book, struct
//   order of contracts/types/Voucher.sol); tests/vectors/voucher-v1.json holds what Python
//   signs and voucher.test.ts checks these bytes against it;
// - redeeming (the buy box): the file `bazaar seller voucher` writes
//   (bazaar/commands/seller.py): {"voucher": {seller, discount, expiry, nonce, percent, buyer,
//   listing_id, token, min_spend, max_redemptions}, "signature": "0x…", "book": <the
//   Marketplace's VoucherBook>, "chain_id"}. The workspace writes the same file, so what a
//   seller signs here pastes into the buy box and into `bazaar buyer`. The contract checks the
//   signature and every rule; the page checks the same rules first so a voucher that cannot
//   apply is said before signing.
import { getAddress, hashTypedData, isAddress, isHex, type Address, type Hex } from "viem";

import { ETH } from "./format";

/** The Voucher struct as the contract takes it (contracts/types/Voucher.sol). */
export type Voucher = {
  seller: Address;
  buyer: Address; // the zero address: anyone may redeem it
  listingId: bigint; // 0: every listing of the seller paid in `token`
  token: Address;
  percent: boolean; // discount in basis points of the subtotal, else an amount of `token`
  discount: bigint;
  minSpend: bigint;
  expiry: number;
  maxRedemptions: number;
  nonce: bigint;
};

export const VOUCHER_TYPES = {
  Voucher: [
    { name: "seller", type: "address" },
    { name: "buyer", type: "address" },
    { name: "listingId", type: "uint256" },
    { name: "token", type: "address" },
    { name: "percent", type: "bool" },
    { name: "discount", type: "uint256" },
    { name: "minSpend", type: "uint256" },
    { name: "expiry", type: "uint40" },
    { name: "maxRedemptions", type: "uint32" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

export function voucherTypedData(voucher: Voucher, chainId: number, book: Address) {
  return {
    domain: { name: "Bazaar Vouchers", version: "1", chainId, verifyingContract: book },
    types: VOUCHER_TYPES,
    primaryType: "Voucher",
    message: voucher,
  } as const;
}

/** The voucher's id on chain: the digest the book's `hashVoucher` returns. */
export function voucherDigest(voucher: Voucher, chainId: number, book: Address) {
  return hashTypedData(voucherTypedData(voucher, chainId, book));
}

export type SignedVoucher = { voucher: Voucher; signature: Hex; book: Address; chainId: number };

export class VoucherProblem extends Error {}

/**
 * The voucher as the file `bazaar seller voucher` writes: snake_case fields, integers as bare
 * JSON numbers (Python reads them exactly; parseVoucher quotes the long ones before parsing).
 */
export function voucherFile(signed: SignedVoucher): string {
  const v = signed.voucher;
  const body = {
    voucher: {
      seller: v.seller,
      discount: v.discount,
      expiry: v.expiry,
      nonce: v.nonce,
      percent: v.percent,
      buyer: v.buyer,
      listing_id: v.listingId,
      token: v.token,
      min_spend: v.minSpend,
      max_redemptions: v.maxRedemptions,
    },
    signature: signed.signature,
    book: signed.book,
    chain_id: signed.chainId,
  };
  // JSON.stringify has no bigint: each becomes a marked string, then its digits unquoted.
  const text = JSON.stringify(body, (_, value: unknown) => (typeof value === "bigint" ? `#big:${value}` : value), 2);
  return text.replace(/"#big:(\d+)"/g, "$1") + "\n";
}

function integer(value: unknown, field: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  throw new VoucherProblem(`The voucher's ${field} is not a whole number; ask the seller for a new voucher.`);
}

function address(value: unknown, field: string): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new VoucherProblem(`The voucher's ${field} is not an address; ask the seller for a new voucher.`);
  }
  return getAddress(value);
}

/**
 * Python writes uint256 fields as bare JSON numbers, which JSON.parse would round past 2^53
 * (a discount of 12345678901234567 wei). Every integer of 16 digits or more is quoted first;
 * the file holds no free text (addresses and hex only), so no string can contain one.
 */
function quoteBigIntegers(text: string): string {
  return text.replace(/([:[,]\s*)(\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

/** Parse what the seller sent; throws a VoucherProblem that says what is wrong. */
export function parseVoucher(text: string): SignedVoucher {
  let data: unknown;
  try {
    data = JSON.parse(quoteBigIntegers(text));
  } catch {
    throw new VoucherProblem("This is not a voucher: paste the whole file the seller sent (it starts with {).");
  }
  const file = data as { voucher?: Record<string, unknown>; signature?: unknown; book?: unknown; chain_id?: unknown };
  const v = file?.voucher;
  if (!v || typeof v !== "object" || typeof file.signature !== "string" || !isHex(file.signature)) {
    throw new VoucherProblem("This is not a voucher made by `bazaar seller voucher`: it has no voucher and signature.");
  }
  return {
    voucher: {
      seller: address(v.seller, "seller"),
      buyer: address(v.buyer ?? ETH, "buyer"),
      listingId: integer(v.listing_id ?? 0, "listing"),
      token: address(v.token ?? ETH, "token"),
      percent: v.percent === true,
      discount: integer(v.discount, "discount"),
      minSpend: integer(v.min_spend ?? 0, "minimum spend"),
      expiry: Number(integer(v.expiry, "expiry")),
      maxRedemptions: Number(integer(v.max_redemptions ?? 1, "redemption count")),
      nonce: integer(v.nonce, "nonce"),
    },
    signature: file.signature,
    book: address(file.book, "book"),
    chainId: Number(integer(file.chain_id, "chain")),
  };
}

export type Purchase = { listingId: bigint; seller: string; token: string; subtotal: bigint; buyer?: string; now: number };

/** What the voucher takes off this purchase, by the VoucherBook's rules, or why it does not apply. */
export function voucherDiscount(signed: SignedVoucher, purchase: Purchase, chainId: number): bigint {
  const v = signed.voucher;
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (signed.chainId !== chainId) throw new VoucherProblem(`This voucher is for chain ${signed.chainId}, not this one (${chainId}).`);
  if (!same(v.seller, purchase.seller)) throw new VoucherProblem("This voucher is from another seller.");
  if (!same(v.token, purchase.token)) throw new VoucherProblem("This voucher is for listings paid in another token.");
  if (v.listingId !== 0n && v.listingId !== purchase.listingId) throw new VoucherProblem(`This voucher is for listing ${v.listingId} only.`);
  if (!same(v.buyer, ETH) && purchase.buyer && !same(v.buyer, purchase.buyer)) {
    throw new VoucherProblem(`This voucher is for another buyer (${v.buyer}); connect that account.`);
  }
  if (purchase.now >= v.expiry) throw new VoucherProblem(`This voucher expired on ${new Date(v.expiry * 1000).toLocaleString()}.`);
  if (purchase.subtotal < v.minSpend) throw new VoucherProblem("The purchase is below this voucher's minimum spend: raise the quantity.");
  const discount = v.percent ? (purchase.subtotal * v.discount) / 10_000n : v.discount;
  if (discount >= purchase.subtotal) throw new VoucherProblem("This voucher would take off the whole price, which the marketplace refuses.");
  return discount;
}
