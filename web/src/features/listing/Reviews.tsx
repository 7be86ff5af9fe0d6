import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useConnection } from "wagmi";

import { AddressText } from "../../components/Address";
import { useHashTarget } from "../../components/useHashTarget";
import { api, type Review, type TextDocument } from "../../lib/api";
import { explain } from "../../lib/errors";
import { timeAgo } from "../../lib/format";

// Only the reviewed seller gets the answer form (and the deal reader it needs).
const RespondForm = lazy(() => import("./RespondForm").then((m) => ({ default: m.RespondForm })));

function Stars({ rating }: { rating: number }) {
  return (
    <span className="stars" aria-label={`${rating} out of 5`}>
      {"★".repeat(rating)}
      {"☆".repeat(Math.max(0, 5 - rating))}
    </span>
  );
}

function Text({ hash }: { hash: string }) {
  const doc = useQuery({ queryKey: ["document", hash], queryFn: () => api.document<TextDocument>(hash), staleTime: Infinity, retry: false });
  if (!doc.data) return null;
  return (
    <>
      {doc.data.title && <strong>{doc.data.title}. </strong>}
      {doc.data.text}
    </>
  );
}

function ReviewItem({ review }: { review: Review }) {
  const { address } = useConnection();
  const answerable = !review.response_hash && address?.toLowerCase() === review.subject.toLowerCase();
  return (
    <li className="review" id={`review-${review.deal_id}`} data-testid="review">
      <div>
        <Stars rating={review.rating} /> <span className="muted">by <AddressText address={review.author} />, {timeAgo(review.posted_at)}</span>
      </div>
      <p>
        <Text hash={review.text_hash} />
      </p>
      {review.response_hash && (
        <p className="response">
          Seller: <Text hash={review.response_hash} />
        </p>
      )}
      {answerable && (
        <Suspense fallback={null}>
          <RespondForm review={review} />
        </Suspense>
      )}
    </li>
  );
}

export function Reviews({ seller }: { seller: string }) {
  const reviews = useQuery({ queryKey: ["reviews", seller], queryFn: () => api.reviews({ seller, limit: 10 }) });
  useHashTarget(reviews.isSuccess);
  return (
    <section className="panel" data-testid="reviews">
      <h2>Reviews of this seller</h2>
      {reviews.isError && <p className="error">{explain(reviews.error)}</p>}
      {reviews.data?.data.length === 0 && <p className="muted">No reviews yet.</p>}
      <ul className="reviews">
        {reviews.data?.data.map((r) => (
          <ReviewItem key={r.id} review={r} />
        ))}
      </ul>
    </section>
  );
}
