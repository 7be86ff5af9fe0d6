// One feed item at a shareable URL (/feed/:itemId); api/web.py renders the same title and
// OpenGraph/Twitter meta into the shell for link previews.
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";

import { AddressText } from "../../components/Address";
import { useTitle } from "../../components/useTitle";
import { ApiError, reads } from "../../lib/api";
import { explain } from "../../lib/errors";
import { shortAddress } from "../../lib/format";
import { FeedItemCard, listingOf, targetOf } from "./FeedItemCard";
import { verb } from "./kinds";

export function FeedItemPage() {
  const { itemId = "" } = useParams();
  const item = useQuery({ queryKey: ["feed-item", itemId], queryFn: () => reads.feedItem(itemId), retry: false, enabled: /^[1-9][0-9]*$/.test(itemId) });
  const data = item.data;
  useTitle(data ? `${shortAddress(data.actor)} ${verb(data.kind)} — Bazaar` : null);
  if (!/^[1-9][0-9]*$/.test(itemId)) return <p className="error">There is no feed item {itemId}.</p>;
  if (item.isPending) return <p className="muted">Loading the feed item…</p>;
  if (item.isError) {
    if (item.error instanceof ApiError && item.error.status === 404) {
      return (
        <section className="panel">
          <h1>Not on the chain</h1>
          <p>This feed item does not exist, or a reorganisation of the chain removed it. <Link to="/">See the feed</Link>.</p>
        </section>
      );
    }
    return <p className="error">{explain(item.error)}</p>;
  }
  const listingId = listingOf(item.data);
  const target = targetOf(item.data);
  return (
    <section className="panel" data-testid="feed-item-page">
      <h1>On the feed</h1>
      <ul className="feed">
        <FeedItemCard item={item.data} />
      </ul>
      <dl className="facts">
        <dt>By</dt>
        <dd>
          <Link to={`/profiles/${item.data.actor}`}>
            <AddressText address={item.data.actor} />
          </Link>
        </dd>
        <dt>Transaction</dt>
        <dd>
          <code>{item.data.tx_hash}</code>
        </dd>
        <dt>Block</dt>
        <dd>
          {item.data.block_number}
          {item.data.final ? " (final)" : " (not final yet: a reorganisation could still remove it)"}
        </dd>
      </dl>
      <p className="actions">
        <Link to={target.to} data-testid="feed-item-target">
          Go to {target.label}
        </Link>
        {listingId !== null && !target.to.startsWith("/listings/") && <Link to={`/listings/${listingId}`}>Go to the listing</Link>}
      </p>
    </section>
  );
}
