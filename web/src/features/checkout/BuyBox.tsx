import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useConnection } from "wagmi";

import { Amount } from "../../components/Amount";
import { TxStatus, type TxStep } from "../../components/TxStatus";
import type { Listing } from "../../lib/api";
import { shippingProblems, type ShippingDetails } from "../../lib/shipping";
import { DiscountField, useDiscount } from "./DiscountField";
import { PhonePay } from "./PhonePay";
import { ShippingForm } from "./ShippingForm";
import { useCheckout, type CheckoutState } from "./useCheckout";

function asTxStep(state: CheckoutState): TxStep {
  switch (state.step) {
    case "uploading":
      return { step: "preparing", what: "Paid. Handing the sealed address to the seller" };
    case "confirmed":
      return {
        step: "done",
        hash: state.hash,
        message: state.shipped
          ? `Confirmed: order ${state.orderId} is placed and the seller can read your sealed address.`
          : `Confirmed: order ${state.orderId} is placed.`,
      };
    default:
      return state;
  }
}

const EMPTY: ShippingDetails = { name: "", street: "", city: "", country: "" };

export function BuyBox({ listing }: { listing: Listing }) {
  const { status, address } = useConnection();
  const { state, buy } = useCheckout(listing);
  const [quantity, setQuantity] = useState(1);
  const [ship, setShip] = useState(true);
  const [details, setDetails] = useState<ShippingDetails>(EMPTY);
  const [problems, setProblems] = useState<string[]>([]);
  const subtotal = BigInt(listing.price) * BigInt(quantity);
  const discounts = useDiscount(listing, subtotal, address);
  const discount = discounts.discount;
  const busy = ["preparing", "signature", "pending", "uploading"].includes(state.step);
  // Stays mounted when the purchase took the last unit, so its confirmation stays visible.
  const buyable = listing.status === "active" && listing.stock > 0;
  if (!buyable && state.step === "idle") return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = ship ? shippingProblems(details) : [];
    setProblems(found);
    if (found.length === 0) void buy(quantity, ship ? details : null, discount);
  }

  return (
    <form onSubmit={submit} className="buy-form" noValidate>
      {buyable && (
        <>
      <label className="field" htmlFor="quantity">
        <span>Quantity</span>
        <input
          id="quantity"
          type="number"
          min={1}
          max={listing.stock}
          value={quantity}
          onChange={(e) => setQuantity(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
        />
      </label>
      <DiscountField listing={listing} state={discounts} />
      <p data-testid="total">
        Total <Amount value={subtotal - (discount?.amount ?? 0n)} token={listing.token} />
        {discount && (
          <span className="muted small">
            {" "}
            (<Amount value={subtotal} token={listing.token} /> less <Amount value={discount.amount} token={listing.token} />)
          </span>
        )}
      </p>
      <label className="check">
        <input type="checkbox" checked={ship} onChange={(e) => setShip(e.target.checked)} /> Ship it to me (send a sealed address)
      </label>
      {ship && <ShippingForm value={details} onChange={setDetails} />}
      {problems.map((p) => (
        <p key={p} className="error">
          {p}
        </p>
      ))}
        </>
      )}
      {!buyable ? null : status === "connected" ? (
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Working…" : "Buy now"}
        </button>
      ) : (
        <p className="muted">Connect a wallet (top right) to buy. No account or sign-up needed.</p>
      )}
      {buyable && !busy && state.step !== "confirmed" && <PhonePay listing={listing} quantity={quantity} />}
      <TxStatus state={asTxStep(state)} />
      {state.step === "confirmed" && (
        <p>
          <Link to="/orders">See it in My orders</Link>
        </p>
      )}
    </form>
  );
}
