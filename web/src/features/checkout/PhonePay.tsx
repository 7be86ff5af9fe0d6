import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { api, type Listing } from "../../lib/api";
import { explain } from "../../lib/errors";

/**
 * Pay from a phone wallet: the API's EIP-681 payment link as a QR code (api/crud/checkout.py).
 * The link carries no sealed address (the phone would have to upload the envelope), so it
 * suits items that need none; the page pays with one when the wallet is in this browser.
 */
export function PhonePay({ listing, quantity }: { listing: Listing; quantity: number }) {
  const [open, setOpen] = useState(false);
  const checkout = useQuery({
    queryKey: ["checkout", listing.listing_id, quantity],
    queryFn: () => api.checkout(listing.listing_id, quantity),
    enabled: open,
  });
  return (
    <details className="phone-pay" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Pay from a phone wallet</summary>
      {checkout.isError && <p className="error">{explain(checkout.error)}</p>}
      {checkout.data && (
        <div className="qr" data-testid="phone-pay">
          {checkout.data.approval_link && (
            <p className="small">
              First approve the amount: <a href={checkout.data.approval_link}>approval link</a>, then scan:
            </p>
          )}
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(checkout.data.qr_svg)}`}
            alt={`QR code of the payment link for ${quantity} unit${quantity === 1 ? "" : "s"}`}
            width={200}
            height={200}
          />
          <p className="small">
            Scan it with your phone's wallet, or <a href={checkout.data.payment_link}>open the payment link</a>. It pays the price shown here, without
            a shipping address.
          </p>
        </div>
      )}
    </details>
  );
}
