// A seller's discount voucher for the Marketplace's VoucherBook, as EIP-712 typed data:
// chain/signing.py's voucher_typed_data (domain "Bazaar Vouchers" v1, verifying contract the
// book, struct order of contracts/types/Voucher.sol). tests/vectors/voucher-v1.json holds
// what Python signs; voucher.test.ts checks these bytes against it.
import { hashTypedData, type Address } from "viem";

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

/** The voucher as JSON a buyer (or `bazaar buyer`) can be given: amounts as decimal strings. */
export function voucherJson(voucher: Voucher, signature: string): string {
  return JSON.stringify(
    { ...voucher, listingId: voucher.listingId.toString(), discount: voucher.discount.toString(), minSpend: voucher.minSpend.toString(), nonce: voucher.nonce.toString(), signature },
    null,
    1,
  );
}
