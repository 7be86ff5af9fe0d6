// The Marketplace keeps only keccak256 of an escrowed order: calls take the whole struct back
// (refunds are kept outside it, so a partial refund never changes the commitment).
// It is rebuilt from the API's order (the indexer's projection of the order's events), in the
// field order of `struct Order`, typed by the generated ABI.
import type { Address, ContractFunctionArgs } from "viem";

import { marketplaceAbi } from "./abi/generated";
import type { Order } from "./api";

export type OrderTuple = ContractFunctionArgs<typeof marketplaceAbi, "nonpayable", "confirmDelivery">[0];

export const ORDER_STATUS = ["none", "paid", "shipped", "disputed", "completed", "refunded", "resolved"] as const;

export function orderTuple(order: Order): OrderTuple {
  const status = ORDER_STATUS.indexOf(order.status as (typeof ORDER_STATUS)[number]);
  if (order.listing_id === null && order.kind !== "offer") throw new Error(`Order ${order.order_id} has no listing.`);
  return {
    id: BigInt(order.order_id),
    listingId: BigInt(order.listing_id ?? 0),
    seller: order.seller as Address,
    buyer: order.buyer as Address,
    token: order.token as Address,
    amount: BigInt(order.amount),
    feeBps: order.fee_bps,
    quantity: order.quantity,
    handlingTime: order.handling_time,
    autoReleaseWindow: order.auto_release_window,
    paidAt: order.paid_at,
    shippedAt: order.shipped_at ?? 0,
    disputedAt: order.disputed_at ?? 0,
    status: status < 0 ? 0 : status,
  };
}
