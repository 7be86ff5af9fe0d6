import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { bytesToHex, parseEventLogs, parseSignature, zeroHash, type Address, type Hash, type Hex } from "viem";
import { getBlock, getConnection, readContract, signTypedData, simulateContract, switchChain, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import { ApiError, sendJson, type Listing } from "../../lib/api";
import { bazaarChain, erc20PermitAbi, marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { recipientKey } from "../../lib/envelope";
import { explain } from "../../lib/errors";
import { ETH } from "../../lib/format";
import { sealShipping, type ShippingDetails } from "../../lib/shipping";

/** Every state a checkout can be in; the buy box shows each one. */
export type CheckoutState =
  | { step: "idle" }
  | { step: "preparing"; what: string }
  | { step: "signature"; what: string }
  | { step: "pending"; what: string; hash: Hash }
  | { step: "uploading"; hash: Hash; orderId: bigint }
  | { step: "confirmed"; hash: Hash; orderId: bigint; shipped: boolean }
  | { step: "failed"; message: string; hash?: Hash };

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

export function useCheckout(listing: Listing) {
  const [state, setState] = useState<CheckoutState>({ step: "idle" });
  const queryClient = useQueryClient();

  async function send(what: string, write: () => Promise<Hash>): Promise<Hash> {
    setState({ step: "signature", what });
    const hash = await write();
    setState({ step: "pending", what, hash });
    const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
    if (receipt.status !== "success") throw new Error(`The transaction ${hash} was reverted on chain.`);
    return hash;
  }

  async function buy(quantity: number, shipping: ShippingDetails | null): Promise<void> {
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
      const unitPrice = BigInt(listing.price);
      const total = unitPrice * BigInt(quantity);

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

      let receiptHash: Hash;
      if (listing.token.toLowerCase() === ETH) {
        setState({ step: "preparing", what: "Checking the purchase" });
        const { request } = await simulateContract(wagmiConfig, {
          account: buyer,
          address: marketplace,
          abi: marketplaceAbi,
          functionName: "buy",
          // maxPrice: the unit price this page showed; a seller's later raise reverts, never charges.
          args: [listingId, quantity, unitPrice, shippingRef],
          value: total,
        });
        receiptHash = hash = await send("Confirm the payment in your wallet", () => writeContract(wagmiConfig, request));
      } else {
        receiptHash = hash = await buyWithToken(buyer, marketplace, listingId, quantity, unitPrice, shippingRef);
      }

      const receipt = await waitForTransactionReceipt(wagmiConfig, { hash: receiptHash });
      const placed = parseEventLogs({ abi: marketplaceAbi, logs: receipt.logs, eventName: ["OrderPlaced", "Purchased"] });
      const orderId = placed[0]?.args.orderId;
      if (orderId === undefined) throw new Error("The purchase went through but emitted no order; check My orders.");
      if (envelope) {
        setState({ step: "uploading", hash: receiptHash, orderId });
        await uploadEnvelope(orderId, envelope);
      }
      setState({ step: "confirmed", hash: receiptHash, orderId, shipped: envelope !== null });
      void queryClient.invalidateQueries({ queryKey: ["listing", listing.listing_id] });
      void queryClient.invalidateQueries({ queryKey: ["orders"] });
    } catch (error) {
      setState({ step: "failed", message: explain(error), hash });
    }
  }

  /** ERC-20: one transaction with an EIP-2612 permit where the token has one, else approve, then buy. */
  async function buyWithToken(buyer: Address, marketplace: Address, listingId: bigint, quantity: number, unitPrice: bigint, shippingRef: Hex): Promise<Hash> {
    const token = listing.token as Address;
    const total = unitPrice * BigInt(quantity);
    setState({ step: "preparing", what: "Reading the token" });
    let permit: { nonce: bigint; name: string; version: string } | null = null;
    try {
      const [nonce, domain] = await Promise.all([
        readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "nonces", args: [buyer] }),
        readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "eip712Domain" }),
      ]);
      permit = { nonce, name: domain[1], version: domain[2] };
    } catch {
      permit = null; // no EIP-2612 (or no EIP-5267 domain): approve first
    }
    if (permit) {
      // Counted from block.timestamp when the chain runs ahead of this clock (a test chain).
      const block = await getBlock(wagmiConfig);
      const deadline = BigInt(Math.max(Number(block.timestamp), Math.floor(Date.now() / 1000)) + 20 * 60);
      setState({ step: "signature", what: "Sign the spending permit in your wallet" });
      const signature = await signTypedData(wagmiConfig, {
        account: buyer,
        domain: { name: permit.name, version: permit.version, chainId: bazaarChain.id, verifyingContract: token },
        types: PERMIT_TYPES,
        primaryType: "Permit",
        message: { owner: buyer, spender: marketplace, value: total, nonce: permit.nonce, deadline },
      });
      const { r, s, v, yParity } = parseSignature(signature);
      setState({ step: "preparing", what: "Checking the purchase" });
      const { request } = await simulateContract(wagmiConfig, {
        account: buyer,
        address: marketplace,
        abi: marketplaceAbi,
        functionName: "buyWithPermit",
        args: [listingId, quantity, unitPrice, shippingRef, deadline, Number(v ?? BigInt(yParity + 27)), r, s],
      });
      return send("Confirm the payment in your wallet", () => writeContract(wagmiConfig, request));
    }
    const allowance = await readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "allowance", args: [buyer, marketplace] });
    if (allowance < total) {
      const { request } = await simulateContract(wagmiConfig, {
        account: buyer,
        address: token,
        abi: erc20PermitAbi,
        functionName: "approve",
        args: [marketplace, total],
      });
      await send("Approve the marketplace to take the price", () => writeContract(wagmiConfig, request));
    }
    setState({ step: "preparing", what: "Checking the purchase" });
    const { request } = await simulateContract(wagmiConfig, {
      account: buyer,
      address: marketplace,
      abi: marketplaceAbi,
      functionName: "buy",
      args: [listingId, quantity, unitPrice, shippingRef],
    });
    return send("Confirm the payment in your wallet", () => writeContract(wagmiConfig, request));
  }

  return { state, buy, reset: () => setState({ step: "idle" }) };
}
