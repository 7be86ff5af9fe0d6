import { useState } from "react";
import { useConnection } from "wagmi";

import { writes, type Order } from "../../lib/api";
import { useSignedIn } from "./useSignedIn";
import { WriteError } from "./WriteError";

/** Opt in to show one purchase on your public profile (anonymous unless you choose). */
export function ShowPurchase({ order }: { order: Order }) {
  const { address } = useConnection();
  const { busy, error, write } = useSignedIn();
  const [shown, setShown] = useState<boolean | null>(null);
  if (!address || address.toLowerCase() !== order.buyer.toLowerCase()) return null;
  return (
    <div className="show-purchase">
      <label htmlFor={`show-${order.order_id}`} className="check small">
        <input
          id={`show-${order.order_id}`}
          type="checkbox"
          checked={shown === true}
          disabled={busy}
          onChange={(e) => {
            const show = e.target.checked;
            void write(async (token) => {
              await writes.showPurchase(order.order_id, show, token);
              setShown(show);
            });
          }}
        />{" "}
        Show this purchase on my public profile (only while the profile is public)
      </label>
      <WriteError error={error} />
    </div>
  );
}
