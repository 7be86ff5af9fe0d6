import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { writes } from "../../lib/api";
import { useSignedIn } from "./useSignedIn";
import { WriteError } from "./WriteError";

/** Follow an address: its activity then shows in your "Following" feed. */
export function FollowButton({ address }: { address: string }) {
  const { address: me, busy, error, write } = useSignedIn();
  // Follows are private (only GET /v1/follows, signed in, lists them): the state is known
  // from your first click on.
  const [following, setFollowing] = useState<boolean | null>(null);
  const client = useQueryClient();
  if (me && me.toLowerCase() === address.toLowerCase()) return null;
  return (
    <div className="follow">
      <button
        type="button"
        aria-pressed={following === true}
        disabled={busy}
        data-testid="follow"
        onClick={() =>
          void write(async (token) => {
            // "Follow" is idempotent, so a first click follows whether or not you already did.
            if (following) await writes.unfollow(address, token);
            else await writes.follow(address, token);
            setFollowing(!following);
            void client.invalidateQueries({ queryKey: ["profile"] });
            // The following feed and the set its live items are kept by (features/feed/useFeed.ts).
            void client.invalidateQueries({ queryKey: ["follows"] });
            void client.invalidateQueries({ queryKey: ["feed"], predicate: (q) => String(q.queryKey[1]).startsWith("following:") });
          })
        }
      >
        {following ? "Following · unfollow" : "Follow"}
      </button>
      <WriteError error={error} />
    </div>
  );
}
