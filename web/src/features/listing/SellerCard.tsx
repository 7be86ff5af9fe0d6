import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { AddressText } from "../../components/Address";
import { api, ApiError } from "../../lib/api";

export function SellerCard({ seller }: { seller: string }) {
  const profile = useQuery({ queryKey: ["profile", seller], queryFn: () => api.profile(seller), retry: false });
  const reputation = useQuery({ queryKey: ["reputation", seller], queryFn: () => api.reputation(seller), retry: false });
  const name = profile.data?.profile?.display_name;
  const inputs = reputation.data?.inputs;
  return (
    <aside className="panel seller-card" data-testid="seller-card">
      <h2>Seller</h2>
      <p className="seller-name">
        <Link to={`/profiles/${seller}`}>{name ?? <AddressText address={seller} />}</Link>
      </p>
      {name && (
        <p className="muted">
          <AddressText address={seller} />
        </p>
      )}
      {profile.data?.profile?.bio && <p>{profile.data.profile.bio}</p>}
      {reputation.data && inputs && (
        <dl className="facts">
          <dt>Reputation</dt>
          <dd title="Score in (0, 1) from completed deals, reviews and bad outcomes (docs/api.md, Reputation)">
            {Math.round(reputation.data.score * 100)} / 100
          </dd>
          <dt>Completed deals</dt>
          <dd>{inputs.deals}</dd>
          <dt>Reviews</dt>
          <dd>
            {inputs.reviews}
            {inputs.reviews > 0 && ` (average ${(inputs.rating_sum / inputs.reviews).toFixed(1)} / 5)`}
          </dd>
          <dt>Disputes</dt>
          <dd>{inputs.disputes}</dd>
        </dl>
      )}
      {reputation.error instanceof ApiError && reputation.error.status === 404 && <p className="muted">No completed deals yet.</p>}
    </aside>
  );
}
