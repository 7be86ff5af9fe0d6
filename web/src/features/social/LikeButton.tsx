import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { writes, type Listing } from "../../lib/api";
import { useSignedIn } from "./useSignedIn";
import { WriteError } from "./WriteError";

/** Like or unlike a listing; the count is the API's after the write. */
export function LikeButton({ listing }: { listing: Listing }) {
  const { busy, error, write } = useSignedIn();
  // The API shows likes as counts only, so whether you liked it is known after your first click.
  const [state, setState] = useState<{ liked: boolean; likes: number } | null>(null);
  const client = useQueryClient();
  const liked = state?.liked ?? false;
  const likes = state?.likes ?? listing.likes;
  return (
    <div className="like">
      <button
        type="button"
        aria-pressed={liked}
        disabled={busy}
        data-testid="like"
        onClick={() =>
          void write(async (token) => {
            const answer = await writes.like(listing.listing_id, !liked, token);
            setState({ liked: answer.liked, likes: answer.likes });
            void client.invalidateQueries({ queryKey: ["listing", listing.listing_id] });
          })
        }
      >
        {liked ? "♥ Liked" : "♡ Like"}
      </button>{" "}
      <span className="muted small" data-testid="likes">
        {likes} {likes === 1 ? "like" : "likes"}
      </span>
      <WriteError error={error} />
    </div>
  );
}
