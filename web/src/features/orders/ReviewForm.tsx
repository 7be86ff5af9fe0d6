// A verified review of a completed order: the text is stored as a content-addressed
// document, and `postReview(deal, review)` commits its hash with the ratings on chain. Only
// the deal's buyer can, once (then it can be edited once within 7 days, not from here yet).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address, Hex } from "viem";
import { simulateContract, writeContract } from "wagmi/actions";

import { TxStatus } from "../../components/TxStatus";
import { useTx } from "../../components/useTx";
import { reads, writes, type Order } from "../../lib/api";
import { reputationAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { dealOf, reputationAddress } from "../../lib/deal";
import { signIn } from "../../lib/siwe";

const SUB_RATINGS = [
  ["quality", "Quality"],
  ["asDescribed", "As described"],
  ["delivery", "Delivery"],
  ["communication", "Communication"],
] as const;
type Sub = (typeof SUB_RATINGS)[number][0];

export function ReviewForm({ order }: { order: Order }) {
  const source = marketplaceAddress();
  const existing = useQuery({ queryKey: ["reviews", "deal", order.order_id], queryFn: () => reads.reviewsOfDeal(source, order.order_id) });
  const [rating, setRating] = useState(0);
  const [subs, setSubs] = useState<Record<Sub, number>>({ quality: 0, asDescribed: 0, delivery: 0, communication: 0 });
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const { state, run, busy } = useTx();
  const client = useQueryClient();
  const mine = existing.data?.data.find((r) => r.author.toLowerCase() === order.buyer.toLowerCase());
  if (state.step === "done") {
    return (
      <div data-testid="review-form">
        <TxStatus state={state} />
      </div>
    );
  }
  if (mine) return <p className="ok" data-testid="reviewed">You reviewed this order: {"★".repeat(mine.rating)}</p>;
  const id = `review-${order.order_id}`;
  return (
    <form
      className="review-form"
      data-testid="review-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (rating < 1) return setProblem("Give 1 to 5 stars.");
        if (!text.trim()) return setProblem("Write a few words: the text is what other buyers read.");
        if ([...title.trim()].length > 140 || [...text].length > 5000) return setProblem("The title is at most 140 characters, the text 5,000.");
        setProblem(null);
        void run(
          async ({ account, preparing, signing }) => {
            preparing("Signing in to store the text");
            const session = await signIn(account);
            const document = title.trim() ? { kind: "review", version: 1, title: title.trim(), text } : { kind: "review", version: 1, text };
            const stored = await writes.document(document, session);
            preparing("Reading the deal from the chain");
            const deal = await dealOf(source, BigInt(order.order_id));
            if (!deal) throw new Error("The chain has not recorded this deal yet: it counts once the order is completed. Reload in a moment.");
            const review = { rating, ...subs, textHash: stored.hash as Hex };
            const { request } = await simulateContract(wagmiConfig, {
              account: account as Address,
              address: reputationAddress(),
              abi: reputationAbi,
              functionName: "postReview",
              args: [deal, review],
            });
            signing();
            return writeContract(wagmiConfig, request);
          },
          "Review posted: it shows on the listing page once the next block is indexed.",
          () => {
            for (const delay of [500, 1500, 3000]) setTimeout(() => void client.invalidateQueries({ queryKey: ["reviews"] }), delay);
          },
        );
      }}
    >
      <h3>Review this purchase</h3>
      <fieldset className="stars-input">
        <legend>Overall (required)</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} htmlFor={`${id}-star-${n}`}>
            <input id={`${id}-star-${n}`} type="radio" name={`${id}-rating`} value={n} checked={rating === n} onChange={() => setRating(n)} /> {n}★
          </label>
        ))}
      </fieldset>
      <div className="form-grid">
        {SUB_RATINGS.map(([key, label]) => (
          <label key={key} className="field" htmlFor={`${id}-${key}`}>
            <span>{label}</span>
            <select id={`${id}-${key}`} value={subs[key]} onChange={(e) => setSubs({ ...subs, [key]: Number(e.target.value) })}>
              <option value={0}>not rated</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}★
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <label className="field" htmlFor={`${id}-title`}>
        <span>Title (optional)</span>
        <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={140} />
      </label>
      <label className="field" htmlFor={`${id}-text`}>
        <span>Your review (public; its hash goes on chain)</span>
        <textarea id={`${id}-text`} rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          Post the review
        </button>
      </div>
      <TxStatus state={state} />
    </form>
  );
}
