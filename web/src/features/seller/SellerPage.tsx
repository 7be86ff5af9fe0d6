import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { Link } from "react-router";
import { hexToBytes, keccak256, stringToHex, zeroHash, type Address, type Hex } from "viem";
import { useConnection } from "wagmi";

import { Amount } from "../../components/Amount";
import { ListingTitle } from "../../components/ListingTitle";
import { TxStatus } from "../../components/TxStatus";
import { api, ApiError, getJsonAuthed, type Order } from "../../lib/api";
import { explain } from "../../lib/errors";
import type { ShippingKey } from "../../lib/sellerKey";
import { label, openShipping, SHIPPING_FIELDS, type ShippingDetails } from "../../lib/shipping";
import { signIn } from "../../lib/siwe";
import { useOrderAction } from "../orders/useOrderAction";
import { useShippingKey } from "./useShippingKey";

// Listing forms and the ledger load when the workspace opens: buyers never download them.
const MyListings = lazy(() => import("./MyListings").then((m) => ({ default: m.MyListings })));

type Envelope = { shipping_ref: string; envelope: Hex; size: number; created_at: number };

function Address({ order, shippingKey }: { order: Order; shippingKey: ShippingKey }) {
  const address = useQuery<ShippingDetails | null>({
    queryKey: ["shipping", order.order_id, shippingKey.publicKey],
    queryFn: async () => {
      if (order.shipping_ref === zeroHash) return null;
      const token = await signIn(order.seller as Address);
      const stored = await getJsonAuthed<Envelope>(`/v1/orders/${order.order_id}/shipping-envelope`, token);
      return openShipping(shippingKey.privateKey, hexToBytes(stored.envelope));
    },
    retry: false,
    staleTime: Infinity,
  });
  if (address.isPending) return <p className="muted">Opening the sealed address…</p>;
  if (address.isError) {
    const e = address.error;
    if (e instanceof ApiError && e.status === 404) return <p className="muted">The buyer has not sent the sealed address yet.</p>;
    return <p className="error">{explain(e)}</p>;
  }
  if (address.data === null) return <p className="muted">The buyer sent no shipping address (nothing to ship, or agreed otherwise).</p>;
  const d = address.data;
  return (
    <address className="ship-to" data-testid="ship-to">
      {SHIPPING_FIELDS.filter((f) => d[f]).map((f) => (
        <div key={f}>
          <span className="muted small">{label(f)}</span> {d[f]}
        </div>
      ))}
    </address>
  );
}

function ToShip({ order, shippingKey, onDone }: { order: Order; shippingKey: ShippingKey | null; onDone: (order: Order) => void }) {
  const { state, run } = useOrderAction(order);
  const done = state.step === "done";
  useEffect(() => {
    if (done) onDone(order);
  }, [done, order, onDone]);
  const [tracking, setTracking] = useState("");
  const busy = ["preparing", "signature", "pending"].includes(state.step);
  return (
    <li className="panel order" data-testid="to-ship" data-order-id={order.order_id}>
      <div className="order-head">
        <h2>
          {order.listing_id !== null ? (
            <Link to={`/listings/${order.listing_id}`}>
              <ListingTitle listingId={order.listing_id} />
            </Link>
          ) : (
            "Offer order"
          )}{" "}
          <span className="muted small">order {order.order_id}</span>
        </h2>
        <span className={`badge status-${order.status}`}>{order.status}</span>
      </div>
      <p>
        {order.quantity} × for <Amount value={order.amount} token={order.token} />, ship within {Math.round(order.handling_time / 3600)} h of{" "}
        {new Date(order.paid_at * 1000).toLocaleString()}
      </p>
      {shippingKey ? <Address order={order} shippingKey={shippingKey} /> : <p className="muted">Unlock your shipping key above to read the address.</p>}
      {order.status === "paid" && state.step !== "done" && (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            void run({ kind: "ship", trackingHash: tracking.trim() ? keccak256(stringToHex(tracking.trim())) : zeroHash });
          }}
        >
          <label className="field" htmlFor={`tracking-${order.order_id}`}>
            <span>Tracking number (optional; the chain keeps its hash)</span>
            <input id={`tracking-${order.order_id}`} value={tracking} onChange={(e) => setTracking(e.target.value)} />
          </label>
          <button type="submit" disabled={busy}>
            Mark as shipped
          </button>
        </form>
      )}
      {state.step !== "done" && (
        <div className="actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (window.confirm(`Refund the whole order ${order.order_id} to the buyer? This closes it.`)) {
                void run({ kind: "refund", amount: BigInt(order.amount) - BigInt(order.refunded) });
              }
            }}
          >
            Refund the buyer
          </button>
        </div>
      )}
      <TxStatus state={state} />
    </li>
  );
}

function Workspace({ account }: { account: Address }) {
  const { key, published, state, unlock, publish } = useShippingKey(account);
  const orders = useQuery({ queryKey: ["orders", "seller", account], queryFn: () => api.orders({ seller: account, status: "paid", limit: 50 }) });
  // An order shipped or refunded here leaves the "paid" list once indexed; keep its card (and
  // the confirmation on it) until the page is left.
  const [handled, setHandled] = useState<Order[]>([]);
  const [remember] = useState(() => (order: Order) => setHandled((known) => (known.some((o) => o.order_id === order.order_id) ? known : [...known, order])));
  const fresh = orders.data?.data ?? [];
  const shown = [...fresh, ...handled.filter((h) => !fresh.some((o) => o.order_id === h.order_id))];
  const isPublished = key && published && published.toLowerCase() === key.publicKey.toLowerCase();
  return (
    <section>
      <h1>Seller workspace</h1>
      <section className="panel" data-testid="shipping-key">
        <h2>Shipping key</h2>
        <p className="muted small">
          Buyers seal their addresses to this key. It is derived from your wallet's signature of a fixed message, so no key file is needed and it is the same on every
          device.
        </p>
        {!key ? (
          <button type="button" onClick={() => void unlock()}>
            Unlock my shipping key
          </button>
        ) : isPublished ? (
          <p className="ok" data-testid="key-state">Unlocked; this is the key buyers use.</p>
        ) : (
          <>
            <p data-testid="key-state">
              {published && published !== zeroHash
                ? "You published another key: buyers' addresses sealed to it cannot be opened here. Publish this one to receive new ones."
                : "You have not published a shipping key yet, so buyers cannot send you their address."}
            </p>
            <button type="button" onClick={() => void publish()}>
              Publish my shipping key
            </button>
          </>
        )}
        <TxStatus state={state} />
      </section>
      <h2>Orders to ship</h2>
      {orders.isError && <p className="error">{explain(orders.error)}</p>}
      {orders.data && shown.length === 0 && <p className="muted">Nothing waiting to be shipped.</p>}
      <ul className="orders">
        {shown.map((o) => (
          <ToShip key={o.order_id} order={o} shippingKey={key} onDone={remember} />
        ))}
      </ul>
      <Suspense fallback={<p className="muted">Loading your listings…</p>}>
        <MyListings seller={account} />
      </Suspense>
    </section>
  );
}

export function SellerPage() {
  const { address } = useConnection();
  if (!address) {
    return (
      <section className="panel">
        <h1>Seller workspace</h1>
        <p>Connect your seller wallet (top right) to list things, see the orders you have to ship and withdraw what you earned.</p>
      </section>
    );
  }
  return <Workspace account={address} />;
}
