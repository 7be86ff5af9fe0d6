// Create a listing, or change one: the metadata form (the API's uniform spec fields),
// uploaded as a content-addressed document, then `createListing`/`updateListing` with the
// document's hash. The form refuses what the API or the contract would (listingForm.ts).
import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { formatUnits, isAddress, parseEventLogs, type Address, type Hex } from "viem";
import { readContract, simulateContract, writeContract } from "wagmi/actions";

import { TxStatus } from "../../components/TxStatus";
import { useTx } from "../../components/useTx";
import { writes, type Listing } from "../../lib/api";
import { erc20PermitAbi, marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { ETH } from "../../lib/format";
import { signIn } from "../../lib/siwe";
import { buildMetadata, buildTerms, CONDITIONS, draftOf, EMPTY_DRAFT, UNITS, type ListingDraft, type Problems, type SpecRow } from "./listingForm";

function Field({ id, label, problem, children }: { id: string; label: string; problem?: string; children: ReactNode }) {
  return (
    <label className="field" htmlFor={id}>
      <span>{label}</span>
      {children}
      {problem && (
        <em className="error small" id={`${id}-problem`} data-testid="field-problem">
          {problem}
        </em>
      )}
    </label>
  );
}

const invalid = (problems: Problems, key: string, id: string) =>
  problems[key] ? { "aria-invalid": true as const, "aria-describedby": `${id}-problem` } : {};

/** `listing` absent: a new listing. Present: change its terms and, if edited, its metadata. */
export function ListingEditor({ listing, onDone }: { listing?: Listing; onDone?: () => void }) {
  const editing = listing !== undefined;
  const prefix = editing ? `edit-${listing.listing_id}` : "new";
  const [draft, setDraft] = useState<ListingDraft>(listing?.metadata_document ? draftOf(listing.metadata_document) : EMPTY_DRAFT);
  const [token, setToken] = useState(listing?.token && listing.token !== ETH ? listing.token : "");
  const [decimals, setDecimals] = useState<number | null>(listing && listing.token === ETH ? 18 : null);
  const [price, setPrice] = useState(listing && listing.token === ETH ? formatUnits(BigInt(listing.price), 18) : "");
  const [stock, setStock] = useState(listing ? String(listing.stock) : "1");
  const [escrow, setEscrow] = useState(listing?.escrow ?? true);
  const [handlingHours, setHandlingHours] = useState(listing ? String(listing.handling_time / 3600) : "72");
  const [autoReleaseDays, setAutoReleaseDays] = useState(listing ? String(listing.auto_release_window / 86400) : "14");
  const [problems, setProblems] = useState<Problems>({});
  const [created, setCreated] = useState<bigint | null>(null);
  const { state, run, busy } = useTx();
  const client = useQueryClient();

  const set = (key: keyof ListingDraft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const setSpec = (index: number, change: Partial<SpecRow>) =>
    setDraft({ ...draft, specs: draft.specs.map((row, i) => (i === index ? { ...row, ...change } : row)) });

  async function submit() {
    const metadata = buildMetadata(draft);
    const tokenAddress = (token.trim() || ETH) as Address;
    const found: Problems = "problems" in metadata ? { ...metadata.problems } : {};
    if (token.trim() && !isAddress(token.trim())) found.token = "Leave empty for ETH, or paste the token's 0x address.";
    setProblems(found);
    if (Object.keys(found).length) return;
    await run(
      async ({ account, preparing, signing }) => {
        let tokenDecimals = decimals;
        if (tokenDecimals === null || (!editing && tokenAddress !== ETH)) {
          tokenDecimals = tokenAddress === ETH ? 18 : await readContract(wagmiConfig, { address: tokenAddress, abi: erc20PermitAbi, functionName: "decimals" });
          setDecimals(tokenDecimals);
        }
        const terms = buildTerms({ price, decimals: tokenDecimals, stock, escrow, handlingHours, autoReleaseDays });
        if ("problems" in terms) {
          setProblems(terms.problems);
          throw new Error("Check the highlighted fields.");
        }
        if (!("document" in metadata)) throw new Error("Check the highlighted fields.");
        preparing("Signing in to store the description");
        const session = await signIn(account);
        preparing("Storing the description");
        const stored = await writes.document(metadata.document, session);
        const hash = stored.hash as Hex;
        const t = terms.terms;
        const base = { account, address: marketplaceAddress(), abi: marketplaceAbi } as const;
        preparing("Checking the listing against the contract");
        if (editing) {
          const { request } = await simulateContract(wagmiConfig, {
            ...base,
            functionName: "updateListing",
            args: [BigInt(listing.listing_id), t.price, t.stock, hash],
          });
          signing();
          return writeContract(wagmiConfig, request);
        }
        const { request } = await simulateContract(wagmiConfig, {
          ...base,
          functionName: "createListing",
          args: [tokenAddress, t.price, t.stock, t.escrow, t.handlingTime, t.autoReleaseWindow, hash],
        });
        signing();
        return writeContract(wagmiConfig, request);
      },
      editing ? "Listing updated." : "Listed: buyers see it in the feed once the next block is indexed.",
      (receipt) => {
        const [event] = parseEventLogs({ abi: marketplaceAbi, eventName: "ListingCreated", logs: receipt.logs });
        if (event) setCreated(event.args.listingId);
        for (const delay of [500, 1500, 3000]) setTimeout(() => void client.invalidateQueries({ queryKey: ["listings"] }), delay);
        onDone?.();
      },
    );
  }

  return (
    <form
      className="listing-form"
      data-testid={editing ? "edit-listing" : "new-listing"}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="form-grid">
        <Field id={`${prefix}-title`} label="Title" problem={problems.title}>
          <input id={`${prefix}-title`} value={draft.title} onChange={set("title")} maxLength={140} required {...invalid(problems, "title", `${prefix}-title`)} />
        </Field>
        <Field id={`${prefix}-category`} label="Category (such as electronics/cameras)" problem={problems.category}>
          <input id={`${prefix}-category`} value={draft.category} onChange={set("category")} {...invalid(problems, "category", `${prefix}-category`)} />
        </Field>
        <Field id={`${prefix}-condition`} label="Condition" problem={problems.condition}>
          <select id={`${prefix}-condition`} value={draft.condition} onChange={set("condition")}>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {c.replace("_", " ")}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${prefix}-brand`} label="Brand (optional)" problem={problems.brand}>
          <input id={`${prefix}-brand`} value={draft.brand} onChange={set("brand")} {...invalid(problems, "brand", `${prefix}-brand`)} />
        </Field>
        <Field id={`${prefix}-model`} label="Model (optional)" problem={problems.model}>
          <input id={`${prefix}-model`} value={draft.model} onChange={set("model")} {...invalid(problems, "model", `${prefix}-model`)} />
        </Field>
        <div className="wide">
          <Field id={`${prefix}-description`} label="Description" problem={problems.description}>
            <textarea id={`${prefix}-description`} rows={4} value={draft.description} onChange={set("description")} {...invalid(problems, "description", `${prefix}-description`)} />
          </Field>
        </div>
        <div className="wide">
          <Field id={`${prefix}-images`} label="Image URLs, one per line (https:// or ipfs://)" problem={problems.images}>
            <textarea id={`${prefix}-images`} rows={2} value={draft.images} onChange={set("images")} {...invalid(problems, "images", `${prefix}-images`)} />
          </Field>
        </div>
      </div>
      <fieldset className="specs">
        <legend>Specs, in base units (grams, millimetres, bytes…) so listings compare</legend>
        {problems.specs && <p className="error small">{problems.specs}</p>}
        {draft.specs.map((row, index) => (
          <div className="spec-row" key={index}>
            <Field id={`${prefix}-spec-${index}-name`} label="Name" problem={problems[`spec.${index}`]}>
              <input id={`${prefix}-spec-${index}-name`} value={row.name} onChange={(e) => setSpec(index, { name: e.target.value })} placeholder="weight" />
            </Field>
            <Field id={`${prefix}-spec-${index}-value`} label="Value">
              <input id={`${prefix}-spec-${index}-value`} value={row.value} onChange={(e) => setSpec(index, { value: e.target.value })} placeholder="198" />
            </Field>
            <Field id={`${prefix}-spec-${index}-unit`} label="Unit">
              <select id={`${prefix}-spec-${index}-unit`} value={row.unit} onChange={(e) => setSpec(index, { unit: e.target.value })}>
                <option value="">none (text)</option>
                {UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            </Field>
            <button type="button" className="link" onClick={() => setDraft({ ...draft, specs: draft.specs.filter((_, i) => i !== index) })}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setDraft({ ...draft, specs: [...draft.specs, { name: "", value: "", unit: "" }] })}>
          Add a spec
        </button>
      </fieldset>
      <div className="form-grid">
        {!editing && (
          <Field id={`${prefix}-token`} label="Payment token (empty: ETH; else the ERC-20's address)" problem={problems.token}>
            <input id={`${prefix}-token`} value={token} onChange={(e) => setToken(e.target.value)} placeholder="ETH" {...invalid(problems, "token", `${prefix}-token`)} />
          </Field>
        )}
        <Field id={`${prefix}-price`} label={`Price per item${token.trim() ? " (in the token's units)" : " in ETH"}`} problem={problems.price}>
          <input id={`${prefix}-price`} inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} {...invalid(problems, "price", `${prefix}-price`)} />
        </Field>
        <Field id={`${prefix}-stock`} label="Stock" problem={problems.stock}>
          <input id={`${prefix}-stock`} inputMode="numeric" value={stock} onChange={(e) => setStock(e.target.value)} {...invalid(problems, "stock", `${prefix}-stock`)} />
        </Field>
        {!editing && (
          <>
            <label className="check" htmlFor={`${prefix}-escrow`}>
              <input id={`${prefix}-escrow`} type="checkbox" checked={escrow} onChange={(e) => setEscrow(e.target.checked)} /> Hold payments in escrow until the buyer confirms
            </label>
            {escrow && (
              <>
                <Field id={`${prefix}-handling`} label="Ship within (hours)" problem={problems.handlingHours}>
                  <input id={`${prefix}-handling`} inputMode="decimal" value={handlingHours} onChange={(e) => setHandlingHours(e.target.value)} />
                </Field>
                <Field id={`${prefix}-release`} label="Buyer confirms within (days of shipping)" problem={problems.autoReleaseDays}>
                  <input id={`${prefix}-release`} inputMode="decimal" value={autoReleaseDays} onChange={(e) => setAutoReleaseDays(e.target.value)} />
                </Field>
              </>
            )}
          </>
        )}
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {editing ? "Save changes" : "Publish the listing"}
        </button>
      </div>
      <TxStatus state={state} />
      {created !== null && (
        <p>
          <Link to={`/listings/${created}`} data-testid="created-listing">
            See listing {created.toString()}
          </Link>
        </p>
      )}
    </form>
  );
}
