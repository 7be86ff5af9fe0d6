import { useEffect, useRef, useState } from "react";

import { useTitle } from "../../components/useTitle";
import { explain } from "../../lib/errors";
import { FeedItemCard } from "./FeedItemCard";
import { KIND_GROUPS } from "./kinds";
import { useFeed, useLiveFeed } from "./useFeed";

export function FeedPage() {
  useTitle("Bazaar: what is happening");
  const [group, setGroup] = useState<string | null>(null);
  const kinds = KIND_GROUPS.find((g) => g.label === group)?.kinds ?? [];
  const feed = useFeed(kinds);
  const live = useLiveFeed(kinds);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;

  useEffect(() => {
    const element = sentinel.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const items = feed.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section>
      <div className="feed-head">
        <h1>What is happening</h1>
        <span className={`live live-${live}`} data-testid="live-state">
          {live === "live" ? "● live" : live === "connecting" ? "connecting…" : "reconnecting…"}
        </span>
      </div>
      <div className="chips" role="group" aria-label="Filter by kind">
        <button type="button" className={group === null ? "chip on" : "chip"} onClick={() => setGroup(null)}>
          Everything
        </button>
        {KIND_GROUPS.map((g) => (
          <button key={g.label} type="button" className={group === g.label ? "chip on" : "chip"} onClick={() => setGroup(g.label)}>
            {g.label}
          </button>
        ))}
      </div>
      {feed.isPending && <p className="muted">Loading the feed…</p>}
      {feed.isError && <p className="error">{explain(feed.error)}</p>}
      {feed.isSuccess && items.length === 0 && <p className="muted">Nothing of this kind has happened yet.</p>}
      <ol className="feed" data-testid="feed">
        {items.map((item) => (
          <FeedItemCard key={item.id} item={item} />
        ))}
      </ol>
      <div ref={sentinel} className="sentinel">
        {isFetchingNextPage ? "Loading older items…" : hasNextPage ? "" : items.length > 0 ? "That is everything." : ""}
      </div>
    </section>
  );
}
