import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { AddressText } from "../../components/Address";
import { reads, writes } from "../../lib/api";
import { explain } from "../../lib/errors";
import { timeAgo } from "../../lib/format";
import { useSignedIn } from "./useSignedIn";
import { WriteError } from "./WriteError";

/** Comments and questions on a listing, each question with the seller's answer; post one. */
export function Comments({ listingId }: { listingId: number }) {
  const comments = useQuery({ queryKey: ["comments", listingId], queryFn: () => reads.comments(listingId) });
  const [body, setBody] = useState("");
  const [kind, setKind] = useState<"comment" | "question">("comment");
  const { busy, error, write } = useSignedIn();
  const client = useQueryClient();
  return (
    <section className="panel" data-testid="comments">
      <h2>Questions and comments</h2>
      {comments.isError && <p className="error">{explain(comments.error)}</p>}
      {comments.data?.data.length === 0 && <p className="muted">Nobody has asked anything yet.</p>}
      <ul className="plain comments">
        {comments.data?.data.map((c) => (
          <li key={c.id} data-testid="comment">
            <span className="muted small">
              {c.kind === "question" ? "Question" : "Comment"} by {c.author_name ?? <AddressText address={c.author} />}, {timeAgo(c.created_at)}
            </span>
            <p>{c.body}</p>
            {c.answer && (
              <p className="response">
                Seller: {c.answer.body}
              </p>
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void write(async (token) => {
            await writes.comment(listingId, kind, body.trim(), token);
            setBody("");
            await client.invalidateQueries({ queryKey: ["comments", listingId] });
          });
        }}
      >
        <label className="field" htmlFor={`comment-${listingId}`}>
          <span>Ask the seller or comment (public, signed in with your wallet)</span>
          <textarea id={`comment-${listingId}`} rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
        </label>
        <div className="actions">
          <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as "comment" | "question")}>
            <option value="comment">Comment</option>
            <option value="question">Question for the seller</option>
          </select>
          <button type="submit" disabled={busy || !body.trim()}>
            Post
          </button>
        </div>
        <WriteError error={error} />
      </form>
    </section>
  );
}
