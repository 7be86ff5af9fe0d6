import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";

import { Amount, useToken } from "../../components/Amount";
import { useTitle } from "../../components/useTitle";
import { api } from "../../lib/api";
import { explain } from "../../lib/errors";
import { formatDuration, formatPrice, shortAddress } from "../../lib/format";
import { BuyBox } from "../checkout/BuyBox";
import { Comments } from "../social/Comments";
import { FollowButton } from "../social/FollowButton";
import { LikeButton } from "../social/LikeButton";
import { Reviews } from "./Reviews";
import { SellerCard } from "./SellerCard";
import { SpecTable } from "./SpecTable";

/** Images load only from this origin: the storefront fetches nothing from elsewhere. */
function sameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

export function ListingPage() {
  const { listingId } = useParams();
  const listing = useQuery({ queryKey: ["listing", Number(listingId)], queryFn: () => api.listing(listingId!), enabled: !!listingId });
  const { info } = useToken(listing.data?.token);
  const l0 = listing.data;
  // The same title api/web.py renders for a shared link.
  const price = l0 && (info ? formatPrice(l0.price, info) : `${l0.price} base units of token ${shortAddress(l0.token)}`);
  useTitle(l0 ? `${l0.metadata_document?.title ?? `Listing #${l0.listing_id}`} — ${price} — Bazaar` : null);
  if (listing.isPending) return <p className="muted">Loading the listing…</p>;
  if (listing.isError) return <p className="error">{explain(listing.error)}</p>;
  const l = listing.data;
  const meta = l.metadata_document;
  const images = meta?.images ?? [];
  return (
    <div className="listing-grid">
      <article className="panel listing" data-testid="listing">
        <p className="muted">
          {meta?.category.replace(/\//g, " › ")} {meta && `· ${meta.condition.replace(/_/g, " ")}`}
        </p>
        <h1>{meta?.title ?? `Listing #${l.listing_id}`}</h1>
        {!meta && <p className="muted">The seller has not published this listing's description (metadata {l.metadata_hash.slice(0, 10)}…).</p>}
        {(meta?.brand || meta?.model) && (
          <p>
            {meta.brand} {meta.model}
          </p>
        )}
        {images.length > 0 && (
          <div className="images">
            {images.map((src) =>
              sameOrigin(src) ? (
                <img key={src} src={src} alt={meta?.title ?? ""} />
              ) : (
                <a key={src} href={src} target="_blank" rel="noreferrer noopener" className="image-link">
                  Image hosted at {new URL(src).host} (opens outside the storefront)
                </a>
              ),
            )}
          </div>
        )}
        {meta?.description && <p className="description">{meta.description}</p>}
        {meta?.specs && <SpecTable specs={meta.specs} />}
        <dl className="facts">
          <dt>Payment</dt>
          <dd>{l.escrow ? "Held in escrow until you confirm delivery" : "Paid straight to the seller"}</dd>
          {l.escrow && (
            <>
              <dt>Ships within</dt>
              <dd>{formatDuration(l.handling_time)}</dd>
              <dt>Auto-release</dt>
              <dd>{formatDuration(l.auto_release_window)} after shipping</dd>
            </>
          )}
          <dt>Sold</dt>
          <dd>{l.order_count}</dd>
        </dl>
      </article>
      <div className="side">
        <section className="panel buy" data-testid="buy-box">
          <p className="price" data-testid="price">
            <Amount value={l.price} token={l.token} />
          </p>
          <p className={l.stock > 0 ? "stock" : "stock none"} data-testid="stock">
            {l.status !== "active" ? `This listing is ${l.status}.` : l.stock > 0 ? `${l.stock} in stock` : "Sold out"}
          </p>
          <BuyBox listing={l} />
          <LikeButton listing={l} />
        </section>
        <SellerCard seller={l.seller} />
        <FollowButton address={l.seller} />
      </div>
      <div className="wide">
        <Reviews seller={l.seller} />
        <Comments listingId={l.listing_id} />
      </div>
    </div>
  );
}
