// The reviewed seller's public answer to a review: the text is stored as a document, and
// `postResponse(deal, responseHash)` commits its hash (once per review).
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address, Hex } from "viem";
import { simulateContract, writeContract } from "wagmi/actions";

import { TxStatus } from "../../components/TxStatus";
import { useTx } from "../../components/useTx";
import { writes, type Review } from "../../lib/api";
import { reputationAbi, wagmiConfig } from "../../lib/chain";
import { dealOf, reputationAddress } from "../../lib/deal";
import { signIn } from "../../lib/siwe";

export function RespondForm({ review }: { review: Review }) {
  const [text, setText] = useState("");
  const { state, run, busy } = useTx();
  const client = useQueryClient();
  if (state.step === "done") return <TxStatus state={state} />;
  const id = `respond-${review.id}`;
  return (
    <form
      className="respond"
      onSubmit={(e) => {
        e.preventDefault();
        void run(
          async ({ account, preparing, signing }) => {
            preparing("Signing in to store your answer");
            const stored = await writes.document({ kind: "response", version: 1, text: text.trim() }, await signIn(account));
            preparing("Reading the deal from the chain");
            const deal = await dealOf(review.source as Address, BigInt(review.deal_id));
            if (!deal) throw new Error("The chain has no record of this deal. Reload the page.");
            const { request } = await simulateContract(wagmiConfig, {
              account,
              address: reputationAddress(),
              abi: reputationAbi,
              functionName: "postResponse",
              args: [deal, stored.hash as Hex],
            });
            signing();
            return writeContract(wagmiConfig, request);
          },
          "Answer posted: it shows under the review once the next block is indexed.",
          () => {
            for (const delay of [500, 1500, 3000]) setTimeout(() => void client.invalidateQueries({ queryKey: ["reviews"] }), delay);
          },
        );
      }}
    >
      <label className="field" htmlFor={id}>
        <span>Answer this review (public, once)</span>
        <textarea id={id} rows={2} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy || !text.trim()}>
          Post the answer
        </button>
      </div>
      <TxStatus state={state} />
    </form>
  );
}
