// The seller's listings: change price, stock and description, pause or resume, close; answer
// buyers' questions; and the pull-payment ledger: settle sales proceeds and withdraw them.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { Address } from "viem";
import { readContract, simulateContract, writeContract } from "wagmi/actions";

import { Amount } from "../../components/Amount";
import { TxStatus } from "../../components/TxStatus";
import { useTx } from "../../components/useTx";
import { api, reads, writes, type Comment, type ListingSummary } from "../../lib/api";
import { marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { explain } from "../../lib/errors";
import { ETH } from "../../lib/format";
import { signIn } from "../../lib/siwe";
import { ListingEditor } from "./ListingEditor";
import { VoucherSigner } from "./VoucherSigner";

function Question({ question, seller }: { question: Comment; seller: Address }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const client = useQueryClient();
  if (question.answer) {
    return (
      <li>
        <strong>Q:</strong> {question.body}
        <br />
        <span className="muted">
          <strong>A:</strong> {question.answer.body}
        </span>
      </li>
    );
  }
  return (
    <li data-testid="open-question">
      <strong>Q:</strong> {question.body}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          void (async () => {
            try {
              await writes.answer(question.id, text.trim(), await signIn(seller));
              setText("");
              await client.invalidateQueries({ queryKey: ["comments", question.listing_id] });
            } catch (failure) {
              setError(explain(failure));
            }
          })();
        }}
      >
        <label className="field" htmlFor={`answer-${question.id}`}>
          <span>Your answer (public, once)</span>
          <input id={`answer-${question.id}`} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
        </label>
        <button type="submit" disabled={!text.trim()}>
          Answer
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function Questions({ listingId, seller }: { listingId: number; seller: Address }) {
  const comments = useQuery({ queryKey: ["comments", listingId], queryFn: () => reads.comments(listingId) });
  const questions = comments.data?.data.filter((c) => c.kind === "question") ?? [];
  if (!questions.length) return null;
  return (
    <details>
      <summary>
        Questions ({questions.filter((q) => !q.answer).length} unanswered of {questions.length})
      </summary>
      <ul className="plain">
        {questions.map((q) => (
          <Question key={q.id} question={q} seller={seller} />
        ))}
      </ul>
    </details>
  );
}

function ListingRow({ summary, seller }: { summary: ListingSummary; seller: Address }) {
  const [editing, setEditing] = useState(false);
  const detail = useQuery({ queryKey: ["listings", "detail", summary.listing_id], queryFn: () => api.listing(summary.listing_id), enabled: editing });
  const { state, run, busy } = useTx();
  const client = useQueryClient();
  const open = summary.status === "active" || summary.status === "paused";

  const setStatus = (action: "pause" | "resume" | "close") =>
    run(
      async ({ account, signing }) => {
        const base = { account, address: marketplaceAddress(), abi: marketplaceAbi } as const;
        const id = BigInt(summary.listing_id);
        if (action === "close") {
          const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "closeListing", args: [id] });
          signing();
          return writeContract(wagmiConfig, request);
        }
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "setListingPaused", args: [id, action === "pause"] });
        signing();
        return writeContract(wagmiConfig, request);
      },
      { pause: "Paused: nobody can buy it until you resume.", resume: "Active again.", close: "Closed for good." }[action],
      () => {
        for (const delay of [500, 1500, 3000]) setTimeout(() => void client.invalidateQueries({ queryKey: ["listings"] }), delay);
      },
    );

  return (
    <li className="panel" data-testid="my-listing" data-listing-id={summary.listing_id} data-status={summary.status}>
      <div className="order-head">
        <h3>
          <Link to={`/listings/${summary.listing_id}`}>{summary.title ?? `Listing ${summary.listing_id}`}</Link>
        </h3>
        <span className={`badge status-${summary.status}`}>{summary.status}</span>
      </div>
      <p>
        <Amount value={summary.price} token={summary.token} /> · {summary.stock} in stock · {summary.order_count} sold
      </p>
      {open && (
        <div className="actions">
          <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {editing ? "Stop editing" : "Edit"}
          </button>
          {summary.status === "active" ? (
            <button type="button" disabled={busy} onClick={() => void setStatus("pause")}>
              Pause
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void setStatus("resume")}>
              Resume
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void setStatus("close")}>
            Close
          </button>
        </div>
      )}
      <TxStatus state={state} />
      {editing && detail.data && <ListingEditor listing={detail.data} />}
      {editing && detail.isError && <p className="error">{explain(detail.error)}</p>}
      <Questions listingId={summary.listing_id} seller={seller} />
    </li>
  );
}

/** What the marketplace owes the seller: settled balances and proceeds still on listings. */
function Proceeds({ seller, listings }: { seller: Address; listings: ListingSummary[] }) {
  const tokens = [...new Set([ETH, ...listings.map((l) => l.token.toLowerCase())])] as Address[];
  const owed = useQuery({
    queryKey: ["owed", seller, tokens.join()],
    queryFn: () =>
      Promise.all(
        tokens.map(async (token) => ({
          token,
          amount: await readContract(wagmiConfig, { address: marketplaceAddress(), abi: marketplaceAbi, functionName: "owed", args: [seller, token] }),
        })),
      ),
  });
  const { state, run, busy } = useTx();
  const client = useQueryClient();
  const unsettled = listings.filter((l) => BigInt(l.unsettled) > 0n);
  const refresh = () => {
    void owed.refetch();
    for (const delay of [500, 1500, 3000]) setTimeout(() => void client.invalidateQueries({ queryKey: ["listings"] }), delay);
  };
  const balances = owed.data?.filter((o) => o.amount > 0n) ?? [];
  return (
    <section className="panel" data-testid="proceeds">
      <h2>Your balance</h2>
      <p className="muted small">
        Direct sales collect on each listing; escrowed orders and refunds owed to you are credited to your balance. Withdrawing sends them to your wallet.
      </p>
      {owed.isError && <p className="error">{explain(owed.error)}</p>}
      <ul className="plain">
        {unsettled.map((l) => (
          <li key={l.listing_id}>
            <Amount value={l.unsettled} token={l.token} /> of sales on {l.title ?? `listing ${l.listing_id}`} (before the platform fee)
          </li>
        ))}
        {balances.map((b) => (
          <li key={b.token} data-testid="owed">
            <Amount value={b.amount} token={b.token} /> ready to withdraw
          </li>
        ))}
      </ul>
      {!unsettled.length && !balances.length && owed.data && <p className="muted">Nothing to withdraw right now.</p>}
      <div className="actions">
        {unsettled.length > 0 && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(
                async ({ account, signing }) => {
                  const { request } = await simulateContract(wagmiConfig, {
                    account,
                    address: marketplaceAddress(),
                    abi: marketplaceAbi,
                    functionName: "withdrawProceeds",
                    args: [unsettled.map((l) => BigInt(l.listing_id))],
                  });
                  signing();
                  return writeContract(wagmiConfig, request);
                },
                "Sales proceeds sent to your wallet.",
                refresh,
              )
            }
          >
            Withdraw sales proceeds
          </button>
        )}
        {balances.map((b) => (
          <button
            key={b.token}
            type="button"
            disabled={busy}
            onClick={() =>
              void run(
                async ({ account, signing }) => {
                  const { request } = await simulateContract(wagmiConfig, {
                    account,
                    address: marketplaceAddress(),
                    abi: marketplaceAbi,
                    functionName: "withdraw",
                    args: [b.token],
                  });
                  signing();
                  return writeContract(wagmiConfig, request);
                },
                "Balance sent to your wallet.",
                refresh,
              )
            }
          >
            Withdraw <Amount value={b.amount} token={b.token} />
          </button>
        ))}
      </div>
      <TxStatus state={state} />
    </section>
  );
}

export function MyListings({ seller }: { seller: Address }) {
  const [creating, setCreating] = useState(false);
  const listings = useQuery({ queryKey: ["listings", "seller", seller], queryFn: () => reads.listings({ seller, limit: 100 }) });
  const all = listings.data?.data ?? [];
  return (
    <>
      <section className="panel">
        <h2>New listing</h2>
        {creating ? (
          <ListingEditor />
        ) : (
          <button type="button" onClick={() => setCreating(true)}>
            Create a listing
          </button>
        )}
      </section>
      <Proceeds seller={seller} listings={all} />
      <VoucherSigner seller={seller} listings={all} />
      <h2>Your listings</h2>
      {listings.isError && <p className="error">{explain(listings.error)}</p>}
      {listings.data && all.length === 0 && <p className="muted">You have no listings yet.</p>}
      <ul className="orders">
        {all.map((l) => (
          <ListingRow key={l.listing_id} summary={l} seller={seller} />
        ))}
      </ul>
    </>
  );
}
