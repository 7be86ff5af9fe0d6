import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { api, getJsonAuthed, writes, type FeedItem, type FeedPage } from "../../lib/api";

const PAGE = 20;

/** Which feed: everyone's, or what the addresses a signed-in user follows did. */
export type Scope = { tab: "global" } | { tab: "following"; me: string; token: string };

const kindsText = (kinds: string[]) => [...kinds].sort().join(",");
const scopeText = (scope: Scope) => (scope.tab === "global" ? "global" : `following:${scope.me.toLowerCase()}`);
export const feedKey = (kinds: string[], scope: Scope) => ["feed", scopeText(scope), kindsText(kinds)] as const;

function followingPage(token: string, kinds: string[], before: string | undefined): Promise<FeedPage> {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (before) query.set("before", before);
  for (const kind of kinds) query.append("kind", kind);
  return getJsonAuthed<FeedPage>(`/v1/feed/following?${query}`, token);
}

/** A feed, newest first, one cursor page at a time. The following feed needs a SIWE session. */
export function useFeed(kinds: string[], scope: Scope | null) {
  return useInfiniteQuery({
    queryKey: scope ? feedKey(kinds, scope) : ["feed", "none"],
    queryFn: ({ pageParam }) =>
      scope!.tab === "global"
        ? api.feed({ before: pageParam, kind: kinds.length ? kinds : undefined, limit: PAGE })
        : followingPage(scope!.token, kinds, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.end ? undefined : (last.next_cursor ?? undefined)),
    // The live stream keeps a feed current while it is shown; a feed shown again (the other tab
    // or another page was open, so its stream was closed) is read again, and the live items
    // then continue from there. Focus alone changes nothing.
    staleTime: 0,
    refetchOnWindowFocus: false,
    enabled: scope !== null,
  });
}

/**
 * The addresses the signed-in user follows (the API's first 100), lower-cased: the live stream
 * is everyone's, so the following tab keeps the items whose actor or seller is one of them,
 * which is the rule `GET /v1/feed/following` applies.
 */
export function useFollowed(scope: Scope | null) {
  const token = scope?.tab === "following" ? scope.token : null;
  return useQuery({
    queryKey: ["follows", scope?.tab === "following" ? scope.me.toLowerCase() : ""],
    queryFn: async () => new Set((await writes.follows(token!)).data.map((f) => f.followee.toLowerCase())),
    enabled: token !== null,
  });
}

type Live = "connecting" | "live" | "reconnecting";

/**
 * Follow /v1/stream: an `update` puts a new item on top of the cached feed, a `delete` (a reorg
 * removed the item) takes it out of every page. EventSource resumes by Last-Event-ID itself.
 * `keep` filters the updates (the following tab); null while it is not known yet, and then
 * nothing is added.
 */
export function useLiveFeed(kinds: string[], scope: Scope | null, keep: ((item: FeedItem) => boolean) | null): Live {
  const client = useQueryClient();
  const [state, setState] = useState<Live>("connecting");
  const keyText = kindsText(kinds);
  const scopeKey = scope ? scopeText(scope) : null;
  useEffect(() => {
    if (scopeKey === null || keep === null) return;
    const url = new URL("/v1/stream", window.location.origin);
    for (const kind of keyText ? keyText.split(",") : []) url.searchParams.append("kind", kind);
    const source = new EventSource(url);
    const queryKey = ["feed", scopeKey, keyText] as const;
    source.onopen = () => setState("live");
    source.onerror = () => setState("reconnecting");
    source.addEventListener("update", (event) => {
      const item = JSON.parse((event as MessageEvent<string>).data) as FeedItem;
      if (!keep(item)) return;
      client.setQueryData<InfiniteData<FeedPage, string | undefined>>(queryKey, (data) => {
        if (!data || data.pages.length === 0) return data;
        if (data.pages.some((p) => p.data.some((i) => i.id === item.id))) return data;
        const [first, ...rest] = data.pages;
        const merged = [item, ...first!.data].sort((a, b) => b.block_number - a.block_number || b.log_index - a.log_index);
        return { ...data, pages: [{ ...first!, data: merged }, ...rest] };
      });
    });
    source.addEventListener("delete", (event) => {
      const item = JSON.parse((event as MessageEvent<string>).data) as FeedItem;
      client.setQueryData<InfiniteData<FeedPage, string | undefined>>(queryKey, (data) =>
        data && { ...data, pages: data.pages.map((p) => ({ ...p, data: p.data.filter((i) => i.id !== item.id) })) },
      );
    });
    return () => {
      source.close();
      setState("connecting");
    };
  }, [client, keyText, scopeKey, keep]);
  return state;
}
