import { useQuery } from "@tanstack/react-query";

import type { ListingMetadata } from "../../lib/api";
import { rentalsApi } from "../../lib/rentalsApi";

/** A rental or plan listing's title from its metadata document, else "Rental #3" / "Plan #3". */
export function ListingName({ kind, listingId }: { kind: "rental" | "plan"; listingId: number }) {
  const listing = useQuery({
    queryKey: [kind === "rental" ? "rentals" : "plans", "listing", listingId],
    queryFn: (): Promise<{ metadata_document?: ListingMetadata | null }> =>
      kind === "rental" ? rentalsApi.rentalListing(listingId) : rentalsApi.planListing(listingId),
    staleTime: 60_000,
  });
  return <>{listing.data?.metadata_document?.title ?? `${kind === "rental" ? "Rental" : "Plan"} #${listingId}`}</>;
}
