import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import { keccak256, stringToHex } from "viem";
import { useBlock, useConnection } from "wagmi";

import { Amount } from "../../components/Amount";
import { ListingTitle } from "../../components/ListingTitle";
import { useHashTarget } from "../../components/useHashTarget";
import { TxStatus } from "../../components/TxStatus";
import { api, type Order } from "../../lib/api";
import { explain } from "../../lib/errors";
import { formatDuration } from "../../lib/format";
import { ShowPurchase } from "../social/ShowPurchase";
import { Timeline } from "./Timeline";
import { useOrderAction } from "./useOrderAction";

// Loaded with the first completed order: the deal reader and review form are not needed before.
const ReviewForm = lazy(() => import("./ReviewForm").then((m) => ({ default: m.ReviewForm })));

/** `now` is the chain's latest block time: windows are enforced by block.timestamp, not this clock. */
function OrderCard({ summary, now }: { summary: Order; now: number | null }) {
  const detail = useQuery({ queryKey: ["orders", "detail", summary.order_id], queryFn: () => api.order(summary.order_id) });
  const order = detail.data ?? summary;
  const { state, run } = useOrderAction(order);
  const [reason, setReason] = useState("");
  const [disputing, setDisputing] = useState(false);
  const open = order.escrow && (order.status === "paid" || order.status === "shipped");
  const cancelAt = order.paid_at + order.handling_time;
  const canCancel = order.escrow && order.status === "paid" && now !== null && now >= cancelAt;
  const busy = ["preparing", "signature", "pending"].includes(state.step);
  return (
    <li className="panel order" id={`order-${order.order_id}`} data-testid="order" data-order-id={order.order_id} data-status={order.status}>
      <div className="order-head">
        <h2>
          {order.listing_id !== null ? <Link to={`/listings/${order.listing_id}`}>
              <ListingTitle listingId={order.listing_id} />
            </Link> : "Offer order"}{" "}
          <span className="muted small">order {order.order_id}</span>
        </h2>
        <span className={`badge status-${order.status}`} data-testid="order-status">
          {order.status}
        </span>
      </div>
      <p>
        {order.quantity} × for <Amount value={order.amount} token={order.token} />
        {order.escrow ? " · held in escrow" : " · paid directly"}
      </p>
      {detail.data && <Timeline history={detail.data.history} />}
      {/* After a confirmed step its buttons go: the API shows the new status a block later. */}
      {open && state.step !== "done" && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => void run({ kind: "confirmDelivery" })}>
            Confirm delivery
          </button>
          {order.status === "paid" &&
            (canCancel ? (
              <button type="button" disabled={busy} onClick={() => void run({ kind: "cancel" })}>
                Cancel and get a refund
              </button>
            ) : (
              <span className="muted small">
                Not shipped within {formatDuration(order.handling_time)}? You can cancel from {new Date(cancelAt * 1000).toLocaleString()}.
              </span>
            ))}
          {!disputing ? (
            <button type="button" className="link" disabled={busy} onClick={() => setDisputing(true)}>
              Open a dispute
            </button>
          ) : (
            <form
              className="dispute"
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim()) void run({ kind: "openDispute", reasonHash: keccak256(stringToHex(reason.trim())) });
              }}
            >
              <label className="field wide" htmlFor={`reason-${order.order_id}`}>
                <span>What went wrong (the chain records its hash; keep the text for the arbiter)</span>
                <textarea id={`reason-${order.order_id}`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
              </label>
              <button type="submit" disabled={busy || !reason.trim()}>
                Open the dispute
              </button>
            </form>
          )}
        </div>
      )}
      <TxStatus state={state} />
      {order.status === "completed" && (
        <Suspense fallback={null}>
          <ReviewForm order={order} />
        </Suspense>
      )}
      <ShowPurchase order={order} />
    </li>
  );
}

/**
 * The buyer's review credits (GET /v1/credits/{address}): earned by reviewing, spent at a
 * checkout that accepts them. One line per credits contract, in its payment token.
 */
function CreditsBalance({ address }: { address: string }) {
  const credits = useQuery({ queryKey: ["credits", address], queryFn: () => api.credits(address) });
  if (credits.isPending) return null;
  if (credits.isError) return <p className="error">{explain(credits.error)}</p>;
  const held = credits.data.balances;
  return (
    <div className="panel credits" data-testid="credits-balance">
      <strong>Review credits</strong>{" "}
      {held.length === 0 ? (
        "none yet. Review a completed order to earn some; listings that accept them take them at checkout."
      ) : (
        <ul className="plain">
          {held.map((b) => (
            <li key={b.credits} data-testid="credits-line">
              {b.token ? (
                <>
                  <Amount value={b.balance} token={b.token} /> to spend (earned <Amount value={b.minted} token={b.token} />, spent{" "}
                  <Amount value={b.spent} token={b.token} />
                  {BigInt(b.burned) > 0n && (
                    <>
                      , used for promotions <Amount value={b.burned} token={b.token} />
                    </>
                  )}
                  ). Listings that accept them take them at checkout.
                </>
              ) : (
                `${b.balance} credits of a contract that is no longer registered: no checkout takes them now.`
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function MyOrdersPage() {
  const { address } = useConnection();
  const block = useBlock({ query: { enabled: !!address, refetchInterval: 15_000 } });
  const now = block.data ? Number(block.data.timestamp) : null;
  const orders = useQuery({
    queryKey: ["orders", "buyer", address],
    queryFn: () => api.orders({ buyer: address, limit: 50 }),
    enabled: !!address,
  });
  useHashTarget(orders.isSuccess);
  if (!address) {
    return (
      <section className="panel">
        <h1>My orders</h1>
        <p>Connect the wallet you paid with (top right) to see your orders. There is no account: your address is who you are.</p>
      </section>
    );
  }
  return (
    <section>
      <h1>My orders</h1>
      <CreditsBalance address={address} />
      {orders.isPending && <p className="muted">Loading your orders…</p>}
      {orders.isError && <p className="error">{explain(orders.error)}</p>}
      {orders.data?.data.length === 0 && <p className="muted">No orders from this address yet.</p>}
      <ul className="orders">
        {orders.data?.data.map((o) => (
          <OrderCard key={o.order_id} summary={o} now={now} />
        ))}
      </ul>
    </section>
  );
}
