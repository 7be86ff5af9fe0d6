import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import { useConnection } from "wagmi";

import { AddressText } from "../../components/Address";
import { useTitle } from "../../components/useTitle";
import { api, ApiError } from "../../lib/api";
import { explain } from "../../lib/errors";
import { shortAddress } from "../../lib/format";
import { Reviews } from "../listing/Reviews";
import { FollowButton } from "../social/FollowButton";
import { ProfileEditor } from "../social/ProfileEditor";

/** What anyone may see of an address: its public profile and its record as a seller. */
export function ProfilePage() {
  const { address = "" } = useParams();
  const { address: me } = useConnection();
  const own = !!me && me.toLowerCase() === address.toLowerCase();
  const view = useQuery({ queryKey: ["profile", address], queryFn: () => api.profile(address), retry: false });
  const name = view.data?.profile?.display_name ?? null;
  // The same title api/web.py renders for a shared link.
  useTitle(view.data ? `${name ?? shortAddress(view.data.address)} — Bazaar` : null);
  if (view.isPending) return <p className="muted">Loading the profile…</p>;
  if (view.isError) {
    if (view.error instanceof ApiError && view.error.status === 404) {
      return (
        <section className="panel">
          <h1>{shortAddress(address)}</h1>
          <p>This address has no public profile and has not sold anything here.</p>
          {own && <ProfileEditor />}
        </section>
      );
    }
    return <p className="error">{explain(view.error)}</p>;
  }
  const { profile, seller } = view.data;
  return (
    <div className="listing-grid">
      <section className="panel" data-testid="profile">
        <h1>{name ?? <AddressText address={view.data.address} />}</h1>
        <p className="muted">
          <code>{view.data.address}</code>
        </p>
        {profile?.bio && <p>{profile.bio}</p>}
        <p className="muted small" data-testid="followers">
          {view.data.followers} followers
        </p>
        {own ? <ProfileEditor /> : <FollowButton address={view.data.address} />}
      </section>
      {seller && (
        <aside className="panel">
          <h2>As a seller</h2>
          <dl className="facts">
            <dt>Reputation</dt>
            <dd>{Math.round(seller.score * 100)} / 100</dd>
            <dt>Listings</dt>
            <dd>{seller.listings}</dd>
            <dt>Orders</dt>
            <dd>{seller.orders}</dd>
            <dt>Completed deals</dt>
            <dd>{seller.deals}</dd>
          </dl>
        </aside>
      )}
      {seller && (
        <div className="wide">
          <Reviews seller={view.data.address} />
        </div>
      )}
    </div>
  );
}
