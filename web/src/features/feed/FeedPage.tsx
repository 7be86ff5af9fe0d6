import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useConnection } from "wagmi";

import { useTitle } from "../../components/useTitle";
import type { FeedItem } from "../../lib/api";
import { explain } from "../../lib/errors";
import { signIn } from "../../lib/siwe";
import { FeedItemCard } from "./FeedItemCard";
import { KIND_GROUPS } from "./kinds";
import { useFeed, useFollowed, useLiveFeed, type Scope } from "./useFeed";

const everyone = (): boolean => true;

/**
 * The following tab's session: the first click on the tab in this page's life asks the wallet
 * for one Sign-In with Ethereum signature (lib/siwe.ts keeps the token per address).
 */
function useFollowingScope() {
  const { address } = useConnection();
  const [signed, setSigned] = useState<{ me: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const current = signed && address && signed.me.toLowerCase() === address.toLowerCase() ? signed : null;
  const ask = useCallback(async () => {
    if (!address) return;
    setError(null);
    setAsking(true);
    try {
      setSigned({ me: address, token: await signIn(address) });
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setAsking(false);
    }
  }, [address]);
  return { address, scope: current ? ({ tab: "following", ...current } as Scope) : null, error, asking, ask };
}

export function FeedPage() {
  useTitle("Bazaar: what is happening");
  const [tab, setTab] = useState<"global" | "following">("global");
  const [group, setGroup] = useState<string | null>(null);
  const kinds = KIND_GROUPS.find((g) => g.label === group)?.kinds ?? [];
  const following = useFollowingScope();
  const scope: Scope | null = tab === "global" ? { tab: "global" } : following.scope;
  const feed = useFeed(kinds, scope);
  const followed = useFollowed(tab === "following" ? scope : null);
  const followedSet = followed.data;
  const keep = useMemo(
    () =>
      tab === "global"
        ? everyone
        : followedSet
          ? (item: FeedItem) => followedSet.has(item.actor.toLowerCase()) || (item.seller !== null && followedSet.has(item.seller.toLowerCase()))
          : null,
    [tab, followedSet],
  );
  const live = useLiveFeed(kinds, scope, keep);
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

  const items = scope ? (feed.data?.pages.flatMap((p) => p.data) ?? []) : [];
  const empty =
    tab === "global"
      ? "Nothing of this kind has happened yet."
      : followed.data?.size === 0
        ? "You follow nobody yet. Follow a seller from a listing or a profile, and what they do shows here."
        : "Nobody you follow did anything of this kind yet.";
  return (
    <section>
      <div className="feed-head">
        <h1>What is happening</h1>
        {scope && (
          <span className={`live live-${live}`} data-testid="live-state">
            {live === "live" ? "● live" : live === "connecting" ? "connecting…" : "reconnecting…"}
          </span>
        )}
      </div>
      <div className="tabs" role="tablist" aria-label="Whose feed">
        <button type="button" role="tab" aria-selected={tab === "global"} className={tab === "global" ? "tab on" : "tab"} onClick={() => setTab("global")}>
          Everyone
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === "following"}
          className={tab === "following" ? "tab on" : "tab"}
          onClick={() => {
            setTab("following");
            if (following.address && !following.scope && !following.asking) void following.ask();
          }}
          data-testid="following-tab"
        >
          Following
        </button>
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
      {tab === "following" && !following.address && (
        <p className="panel" data-testid="following-needs-wallet">
          Connect a wallet (top right) to see what the addresses you follow did. You sign in with it once, no account needed.
        </p>
      )}
      {tab === "following" && following.address && !scope && (
        <p className="panel" data-testid="following-sign-in">
          {following.asking ? (
            "Sign in with your wallet to see who you follow: confirm the message in your wallet…"
          ) : (
            <>
              {following.error && <span className="error">{following.error} </span>}
              <button type="button" onClick={() => void following.ask()}>
                Sign in to see who you follow
              </button>
            </>
          )}
        </p>
      )}
      {scope && feed.isPending && <p className="muted">Loading the feed…</p>}
      {feed.isError && <p className="error">{explain(feed.error)}</p>}
      {scope && feed.isSuccess && items.length === 0 && <p className="muted">{empty}</p>}
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
