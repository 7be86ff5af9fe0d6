import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useConnection } from "wagmi";

import { AddressText } from "../../components/Address";
import { Amount } from "../../components/Amount";
import { TxStatus } from "../../components/TxStatus";
import { useTitle } from "../../components/useTitle";
import { explain } from "../../lib/errors";
import { rentalsApi, type PlanListing } from "../../lib/rentalsApi";
import { splitTerms } from "../../lib/schedule";
import { PlanTermsFacts } from "./PlanTermsFacts";
import { useStartPlan } from "./useStartPlan";

function StartBox({ listing }: { listing: PlanListing }) {
  const { status, address } = useConnection();
  const { state, busy, start } = useStartPlan(listing);
  const own = address?.toLowerCase() === listing.seller.toLowerCase();
  const startable = listing.status === "active" && listing.stock > 0;
  return (
    <div className="buy-form" data-testid="start-plan">
      {!startable ? (
        state.step === "idle" && <p className="muted">{listing.status !== "active" ? `This listing is ${listing.status}.` : "Out of stock."}</p>
      ) : status !== "connected" ? (
        <p className="muted">Connect a wallet (top right) to start a plan. No account or sign-up needed.</p>
      ) : own ? (
        <p className="muted">This is your listing; its plans are in My plans.</p>
      ) : (
        <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
          {busy ? "Working…" : "Pay the down payment and start"}
        </button>
      )}
      <TxStatus state={state} />
      {state.step === "done" && (
        <p>
          <Link to="/plans/mine">See the schedule in My plans</Link>
        </p>
      )}
    </div>
  );
}

export function PlanListingPage() {
  const { listingId } = useParams();
  const listing = useQuery({
    queryKey: ["plans", "listing", Number(listingId)],
    queryFn: () => rentalsApi.planListing(listingId!),
    enabled: !!listingId,
  });
  const meta = listing.data?.metadata_document;
  const title = meta?.title ?? `Plan #${listingId}`;
  useTitle(listing.data ? `${title} — in installments — Bazaar` : null);
  if (listing.isPending) return <p className="muted">Loading the plan listing…</p>;
  if (listing.isError) return <p className="error">{explain(listing.error)}</p>;
  const l = listing.data;
  const split = splitTerms(l);
  return (
    <div className="listing-grid">
      <article className="panel listing" data-testid="plan-listing-page">
        <p className="muted">In installments · seller <AddressText address={l.seller} /></p>
        <h1>{title}</h1>
        {meta?.description && <p className="description">{meta.description}</p>}
        <PlanTermsFacts terms={l} />
      </article>
      <section className="panel buy" aria-label="Start a plan">
        <p className="price">
          <Amount value={split.downPayment} token={l.token} /> <span className="muted small">now</span>
        </p>
        <p className="stock">{l.stock} in stock</p>
        <StartBox listing={l} />
      </section>
    </div>
  );
}
