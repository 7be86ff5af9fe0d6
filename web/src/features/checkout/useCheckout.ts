import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { bytesToHex, parseEventLogs, parseSignature, zeroHash, type Address, type Hash, type Hex } from "viem";
import {
  getBlock,
  getConnection,
  readContract,
  signTypedData,
  simulateContract,
  switchChain,
  waitForTransactionReceipt,
  writeContract,
  type SimulateContractReturnType,
} from "wagmi/actions";

import { ApiError, sendJson, type Listing } from "../../lib/api";
import { bazaarChain, erc20PermitAbi, marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { recipientKey } from "../../lib/envelope";
import { explain } from "../../lib/errors";
import { ETH } from "../../lib/format";
import { sealShipping, type ShippingDetails } from "../../lib/shipping";
import type { SignedVoucher } from "../../lib/voucher";

/** Every state a checkout can be in; the buy box shows each one. */
export type CheckoutState =
  | { step: "idle" }
  | { step: "preparing"; what: string }
  | { step: "signature"; what: string }
  | { step: "pending"; what: string; hash: Hash }
  | { step: "uploading"; hash: Hash; orderId: bigint }
  | { step: "confirmed"; hash: Hash; orderId: bigint; shipped: boolean }
  | { step: "failed"; message: string; hash?: Hash };

/** What the buyer takes off the price: a seller's voucher, or review credits (in the token's units). */
export type Discount =
  | { kind: "voucher"; signed: SignedVoucher; amount: bigint }
  | { kind: "credits"; amount: bigint }
  | null;

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Put the envelope where the seller fetches it; the API knows the order once the indexer saw it. */
async function uploadEnvelope(orderId: bigint, envelope: Uint8Array): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await sendJson("PUT", `/v1/orders/${orderId}/shipping-envelope`, { envelope: bytesToHex(envelope) });
      return;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && attempt < 60) {
        await sleep(500);
        continue;
      }
      throw error;
    }
  }
}

/** Any simulated call's request: what `simulateContract` hands to `writeContract`. */
type Simulated = SimulateContractReturnType["request"];

/** The permit nonce and EIP-712 domain of a token with EIP-2612 (and EIP-5267), or null. */
async function permitOf(token: Address, owner: Address): Promise<{ nonce: bigint; name: string; version: string } | null> {
  try {
    const [nonce, domain] = await Promise.all([
      readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "nonces", args: [owner] }),
      readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "eip712Domain" }),
    ]);
    return { nonce, name: domain[1], version: domain[2] };
  } catch {
    return null; // no EIP-2612 (or no EIP-5267 domain): approve first
  }
}

export function useCheckout(listing: Listing) {
  const [state, setState] = useState<CheckoutState>({ step: "idle" });
  const queryClient = useQueryClient();

  /**
   * The one way every transaction of a checkout goes out: simulate it (so a revert is said
   * before anything is signed), have the wallet sign and send it, wait for the receipt.
   */
  async function checkThenSend<R>(what: string, simulate: () => Promise<{ request: R }>): Promise<Hash> {
    setState({ step: "preparing", what: "Checking the purchase" });
    const { request } = await simulate();
    setState({ step: "signature", what });
    // A simulated request is made to be written as is; viem's per-ABI type does not widen to
    // the union writeContract declares, hence the one cast.
    const hash = await writeContract(wagmiConfig, request as Simulated);
    setState({ step: "pending", what, hash });
    const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
    if (receipt.status !== "success") throw new Error(`The transaction ${hash} was reverted on chain.`);
    return hash;
  }

  /** An ERC-20 payment needs the marketplace's allowance for `due` first (skipped when it has it). */
  async function approve(buyer: Address, marketplace: Address, due: bigint): Promise<void> {
    const token = listing.token as Address;
    const allowance = await readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "allowance", args: [buyer, marketplace] });
    if (allowance >= due) return;
    await checkThenSend("Approve the marketplace to take the price", () =>
      simulateContract(wagmiConfig, { account: buyer, address: token, abi: erc20PermitAbi, functionName: "approve", args: [marketplace, due] }),
    );
  }

  async function buy(quantity: number, shipping: ShippingDetails | null, discount: Discount = null): Promise<void> {
    let hash: Hash | undefined;
    try {
      const connection = getConnection(wagmiConfig);
      if (!connection.address) throw new Error("Connect a wallet first.");
      const buyer = connection.address;
      if (connection.chainId !== bazaarChain.id) {
        setState({ step: "signature", what: `Switch your wallet to ${bazaarChain.name}` });
        await switchChain(wagmiConfig, { chainId: bazaarChain.id });
      }
      const marketplace = marketplaceAddress();
      const listingId = BigInt(listing.listing_id);
      // maxPrice: the unit price this page showed; a seller's later raise reverts, never charges.
      const unitPrice = BigInt(listing.price);
      const due = unitPrice * BigInt(quantity) - (discount?.amount ?? 0n);
      const inEth = listing.token.toLowerCase() === ETH;
      const value = inEth ? due : 0n;

      let envelope: Uint8Array | null = null;
      let shippingRef: Hex = zeroHash;
      if (shipping) {
        setState({ step: "preparing", what: "Sealing your address to the seller's key" });
        const sellerKey = await readContract(wagmiConfig, {
          address: marketplace,
          abi: marketplaceAbi,
          functionName: "encryptionKeyOf",
          args: [listing.seller as Address],
        });
        const sealed = await sealShipping(shipping, recipientKey(sellerKey));
        envelope = sealed.envelope;
        shippingRef = sealed.shippingRef;
      }

      const pay = "Confirm the payment in your wallet";
      const head = [listingId, quantity, unitPrice, shippingRef] as const;
      const call = { account: buyer, address: marketplace, abi: marketplaceAbi } as const;
      if (discount?.kind === "voucher") {
        if (!inEth) await approve(buyer, marketplace, due);
        const { voucher, signature } = discount.signed;
        hash = await checkThenSend(pay, () => simulateContract(wagmiConfig, { ...call, functionName: "purchaseWithVoucher", args: [...head, voucher, signature], value }));
      } else if (discount?.kind === "credits") {
        if (!inEth) await approve(buyer, marketplace, due);
        hash = await checkThenSend(pay, () => simulateContract(wagmiConfig, { ...call, functionName: "purchaseWithCredits", args: [...head, discount.amount], value }));
      } else {
        const permit = inEth ? null : (setState({ step: "preparing", what: "Reading the token" }), await permitOf(listing.token as Address, buyer));
        if (permit) {
          // One transaction: the buyer signs an EIP-2612 permit for exactly the total.
          // Counted from block.timestamp when the chain runs ahead of this clock (a test chain).
          const block = await getBlock(wagmiConfig);
          const deadline = BigInt(Math.max(Number(block.timestamp), Math.floor(Date.now() / 1000)) + 20 * 60);
          setState({ step: "signature", what: "Sign the spending permit in your wallet" });
          const signature = await signTypedData(wagmiConfig, {
            account: buyer,
            domain: { name: permit.name, version: permit.version, chainId: bazaarChain.id, verifyingContract: listing.token as Address },
            types: PERMIT_TYPES,
            primaryType: "Permit",
            message: { owner: buyer, spender: marketplace, value: due, nonce: permit.nonce, deadline },
          });
          const { r, s, v, yParity } = parseSignature(signature);
          const permitArgs = [deadline, Number(v ?? BigInt(yParity + 27)), r, s] as const;
          hash = await checkThenSend(pay, () => simulateContract(wagmiConfig, { ...call, functionName: "buyWithPermit", args: [...head, ...permitArgs] }));
        } else {
          if (!inEth) await approve(buyer, marketplace, due);
          hash = await checkThenSend(pay, () => simulateContract(wagmiConfig, { ...call, functionName: "buy", args: head, value }));
        }
      }

      const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
      const placed = parseEventLogs({ abi: marketplaceAbi, logs: receipt.logs, eventName: ["OrderPlaced", "Purchased"] });
      const orderId = placed[0]?.args.orderId;
      if (orderId === undefined) throw new Error("The purchase went through but emitted no order; check My orders.");
      if (envelope) {
        setState({ step: "uploading", hash, orderId });
        await uploadEnvelope(orderId, envelope);
      }
      setState({ step: "confirmed", hash, orderId, shipped: envelope !== null });
      void queryClient.invalidateQueries({ queryKey: ["listing", listing.listing_id] });
      void queryClient.invalidateQueries({ queryKey: ["orders"] });
    } catch (error) {
      setState({ step: "failed", message: explain(error), hash });
    }
  }

  return { state, buy, reset: () => setState({ step: "idle" }) };
}
