import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { api, type FeedItem, type FeedPage } from "../../lib/api";

const PAGE = 20;

export const feedKey = (kinds: string[]) => ["feed", [...kinds].sort().join(",")] as const;

/** The global feed, newest first, one cursor page at a time. */
export function useFeed(kinds: string[]) {
  return useInfiniteQuery({
    queryKey: feedKey(kinds),
    queryFn: ({ pageParam }) => api.feed({ before: pageParam, kind: kinds.length ? kinds : undefined, limit: PAGE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.end ? undefined : (last.next_cursor ?? undefined)),
    staleTime: Infinity, // the live stream keeps it current
  });
}

type Live = "connecting" | "live" | "reconnecting";

/**
 * Follow /v1/stream: an `update` puts a new item on top of the cached feed, a `delete` (a reorg
 * removed the item) takes it out of every page. EventSource resumes by Last-Event-ID itself.
 */
export function useLiveFeed(kinds: string[]): Live {
  const client = useQueryClient();
  const [state, setState] = useState<Live>("connecting");
  const key = feedKey(kinds);
  const keyText = key[1];
  useEffect(() => {
    const url = new URL("/v1/stream", window.location.origin);
    for (const kind of keyText ? keyText.split(",") : []) url.searchParams.append("kind", kind);
    const source = new EventSource(url);
    const queryKey = ["feed", keyText] as const;
    source.onopen = () => setState("live");
    source.onerror = () => setState("reconnecting");
    source.addEventListener("update", (event) => {
      const item = JSON.parse((event as MessageEvent<string>).data) as FeedItem;
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
    return () => source.close();
  }, [client, keyText]);
  return state;
}
