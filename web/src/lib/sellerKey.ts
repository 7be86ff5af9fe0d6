// The seller's X25519 shipping key, derived from a wallet signature so a browser needs no key
// file (docs/web.md, "The shipping key"): the account signs one fixed EIP-712 message, and
//
//   private = HKDF-SHA256(ikm = signature (r || s || v, 65 bytes, v in {27, 28}),
//                         salt = the account's 20 address bytes,
//                         info = "bazaar-x25519-key-v1", length = 32)
//
// Wallets sign deterministically (RFC 6979), so the same account gives the same key on any
// device; wallet/derived_keys.py derives the same key in Python (shared test vector).
import { getAddress, hexToBytes, type Address, type Hex } from "viem";

import { importPrivateKey, publicKeyOf } from "./envelope";

export const SHIPPING_KEY_INFO = "bazaar-x25519-key-v1";

/** The fixed EIP-712 message; no chain id, so one key serves an account on every chain. */
export function shippingKeyTypedData(account: Address) {
  return {
    domain: { name: "Bazaar", version: "1" },
    types: {
      ShippingKey: [
        { name: "purpose", type: "string" },
        { name: "account", type: "address" },
        { name: "version", type: "uint256" },
      ],
    },
    primaryType: "ShippingKey",
    message: {
      purpose: "Unlock my Bazaar shipping key. Sign only on the Bazaar storefront: whoever has this signature can read my buyers' addresses.",
      account: getAddress(account),
      version: 1n,
    },
  } as const;
}

/** The 32 private bytes derived from the signature of `shippingKeyTypedData(account)`. */
export async function derivePrivateBytes(account: Address, signature: Hex): Promise<Uint8Array<ArrayBuffer>> {
  const sig = new Uint8Array(hexToBytes(signature));
  if (sig.length !== 65) throw new Error("The wallet returned a signature that is not 65 bytes.");
  if (sig[64]! < 27) sig[64] = sig[64]! + 27; // some wallets return v as 0/1
  const ikm = await crypto.subtle.importKey("raw", sig, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(hexToBytes(getAddress(account))), info: new TextEncoder().encode(SHIPPING_KEY_INFO) },
    ikm,
    256,
  );
  return new Uint8Array(bits);
}

export type ShippingKey = { privateKey: CryptoKey; publicKey: Hex };

export async function deriveShippingKey(account: Address, signature: Hex): Promise<ShippingKey> {
  const privateKey = await importPrivateKey(await derivePrivateBytes(account, signature));
  const publicKey = (await publicKeyOf(privateKey)) as Uint8Array;
  return { privateKey, publicKey: `0x${[...publicKey].map((b) => b.toString(16).padStart(2, "0")).join("")}` };
}
