import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Hash, Hex } from "viem";
import { getConnection, readContract, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import type { TxStep } from "../../components/TxStatus";
import type { Order } from "../../lib/api";
import { marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { explain } from "../../lib/errors";
import { orderTuple } from "../../lib/order";

export type OrderAction =
  | { kind: "confirmDelivery" }
  | { kind: "cancel" }
  | { kind: "openDispute"; reasonHash: Hex }
  | { kind: "ship"; trackingHash: Hex }
  | { kind: "refund"; amount: bigint };

const DONE: Record<OrderAction["kind"], string> = {
  confirmDelivery: "Delivery confirmed: the seller is paid.",
  cancel: "Order cancelled: the payment is back in your wallet.",
  openDispute: "Dispute opened: the arbiter will rule on it.",
  ship: "Marked as shipped: the buyer sees it now.",
  refund: "Refunded: the amount is credited to the buyer's balance at the marketplace.",
};

/** Send one escrow step for an order, with every state visible and reverts as sentences. */
export function useOrderAction(order: Order) {
  const [state, setState] = useState<TxStep>({ step: "idle" });
  const client = useQueryClient();

  async function run(action: OrderAction) {
    let hash: Hash | undefined;
    try {
      const account = getConnection(wagmiConfig).address;
      if (!account) throw new Error("Connect a wallet first.");
      const address = marketplaceAddress();
      const tuple = orderTuple(order);
      setState({ step: "preparing", what: "Checking the order against the chain" });
      const committed = await readContract(wagmiConfig, { address, abi: marketplaceAbi, functionName: "orderHash", args: [tuple.id] });
      const rebuilt = await readContract(wagmiConfig, { address, abi: marketplaceAbi, functionName: "hashOrder", args: [tuple] });
      if (committed !== rebuilt) {
        throw new Error("This page is behind the chain (the order changed since it loaded). Reload and try again.");
      }
      const base = { account, address, abi: marketplaceAbi } as const;
      const send = (write: () => Promise<Hash>) => {
        setState({ step: "signature", what: "confirm in your wallet" });
        return write();
      };
      if (action.kind === "openDispute") {
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "openDispute", args: [tuple, action.reasonHash] });
        hash = await send(() => writeContract(wagmiConfig, request));
      } else if (action.kind === "ship") {
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "ship", args: [tuple, action.trackingHash] });
        hash = await send(() => writeContract(wagmiConfig, request));
      } else if (action.kind === "refund") {
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "refund", args: [tuple, action.amount] });
        hash = await send(() => writeContract(wagmiConfig, request));
      } else if (action.kind === "cancel") {
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "cancel", args: [tuple] });
        hash = await send(() => writeContract(wagmiConfig, request));
      } else {
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "confirmDelivery", args: [tuple] });
        hash = await send(() => writeContract(wagmiConfig, request));
      }
      setState({ step: "pending", what: action.kind, hash });
      const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
      if (receipt.status !== "success") throw new Error(`The transaction ${hash} was reverted on chain.`);
      setState({ step: "done", message: DONE[action.kind], hash });
      // The API shows the new status once the indexer has seen the block.
      for (const delay of [500, 1500, 3000]) setTimeout(() => void client.invalidateQueries({ queryKey: ["orders"] }), delay);
    } catch (error) {
      setState({ step: "failed", message: explain(error), hash });
    }
  }

  return { state, run };
}
