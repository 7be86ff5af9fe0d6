import { useQuery } from "@tanstack/react-query";

import { api } from "../lib/api";

/** A listing's title from its metadata (cached per listing), or its number until known. */
export function ListingTitle({ listingId }: { listingId: number }) {
  const listing = useQuery({ queryKey: ["listing", listingId], queryFn: () => api.listing(listingId), staleTime: 60_000 });
  return <>{listing.data?.metadata_document?.title ?? `listing #${listingId}`}</>;
}
