import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { keccak256, parseUnits, stringToHex, zeroHash } from "viem";

import { AddressText } from "../../components/Address";
import { Amount, useToken } from "../../components/Amount";
import { TxStatus } from "../../components/TxStatus";
import { rentalsApi, type Rental } from "../../lib/rentalsApi";
import { ListingName } from "./ListingName";
import { useRentalAction } from "./useRentalAction";

const when = (t: number) => new Date(t * 1000).toLocaleString();
const OPEN = ["booked", "active", "returned", "claimed", "disputed"];
// RentalEscrowBase.CLAIM_RESPONSE_WINDOW and RentalMath.MAX_LATE_PERIOD: how long a renter has
// to answer a damage claim, and how long past the grace period a late item still counts as late.
const CLAIM_RESPONSE_WINDOW = 3 * 86_400;
const MAX_LATE_PERIOD = 30 * 86_400;

/** The lender's inspection: accept the return, or claim damages from what is left of the deposit. */
function Inspection({ rental, busy, onAccept, onClaim }: { rental: Rental; busy: boolean; onAccept: () => void; onClaim: (claim: bigint, evidence: string) => void }) {
  const { info } = useToken(rental.token);
  const [claiming, setClaiming] = useState(false);
  const [amount, setAmount] = useState("");
  const [evidence, setEvidence] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const available = BigInt(rental.deposit) - BigInt(rental.late_fee);
  const id = rental.rental_id;
  return (
    <>
      <button type="button" disabled={busy} onClick={onAccept}>
        Accept the return and release the deposit
      </button>
      {!claiming ? (
        <button type="button" className="link" disabled={busy || available === 0n} onClick={() => setClaiming(true)}>
          Claim damages
        </button>
      ) : (
        <form
          className="dispute"
          onSubmit={(e) => {
            e.preventDefault();
            if (!info) return setProblem("Connect a wallet to read the token's decimals first.");
            let claim: bigint;
            try {
              claim = parseUnits(amount.trim(), info.decimals);
            } catch {
              return setProblem(`Write the claim as a number of ${info.symbol}, like 0.01.`);
            }
            if (claim <= 0n || claim > available) return setProblem("Claim more than nothing and at most what is left of the deposit.");
            setProblem(null);
            onClaim(claim, evidence.trim());
          }}
        >
          <label className="field" htmlFor={`claim-${id}`}>
            <span>
              Damages ({info?.symbol ?? "token units"}; at most <Amount value={available} token={rental.token} />)
            </span>
            <input id={`claim-${id}`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
          <label className="field wide" htmlFor={`evidence-${id}`}>
            <span>What is damaged (the chain records its hash; keep photos and this text for the arbiter)</span>
            <textarea id={`evidence-${id}`} rows={2} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
          </label>
          {problem && <p className="error">{problem}</p>}
          <button type="submit" disabled={busy || !amount.trim() || !evidence.trim()}>
            Claim the damages
          </button>
        </form>
      )}
    </>
  );
}

/** One rental, from the renter's or the lender's side, with the steps that side can take now. */
export function RentalCard({ summary, side, now }: { summary: Rental; side: "renter" | "lender"; now: number | null }) {
  const detail = useQuery({ queryKey: ["rentals", "detail", summary.rental_id], queryFn: () => rentalsApi.rental(summary.rental_id) });
  const r = detail.data ?? summary;
  const { state, busy, act } = useRentalAction(r);
  const [reason, setReason] = useState("");
  const [disputing, setDisputing] = useState(false);
  const cancelAt = r.booked_at + r.handover_window;
  const releaseAt = (r.returned_at ?? 0) + r.inspection_window;
  const steps = state.step !== "done";
  const settleClaimAt = (r.claimed_at ?? 0) + CLAIM_RESPONSE_WINDOW;
  const lostAt = (r.ends_at ?? 0) + r.grace_period + MAX_LATE_PERIOD;
  return (
    <li className="panel order" id={`rental-${r.rental_id}`} data-testid="rental" data-rental-id={r.rental_id} data-status={r.status}>
      <div className="order-head">
        <h2>
          <Link to={`/rentals/listings/${r.listing_id}`}>
            <ListingName kind="rental" listingId={r.listing_id} />
          </Link> <span className="muted small">rental {r.rental_id}</span>
        </h2>
        <span className={`badge status-${r.status}`} data-testid="rental-status">
          {r.status}
        </span>
      </div>
      <p>
        {r.rental_days} days · rent <Amount value={r.rent} token={r.token} /> · deposit <Amount value={r.deposit} token={r.token} /> ·{" "}
        {side === "renter" ? (
          <>
            from <AddressText address={r.lender} />
          </>
        ) : (
          <>
            to <AddressText address={r.renter} />
          </>
        )}
      </p>
      <dl className="facts small" data-testid="rental-facts">
        <dt>Booked</dt>
        <dd>{when(r.booked_at)}</dd>
        {r.started_at !== null && (
          <>
            <dt>Handed over</dt>
            <dd>{when(r.started_at)}</dd>
          </>
        )}
        {r.ends_at !== null && (
          <>
            <dt>Due back</dt>
            <dd>{when(r.ends_at)}</dd>
          </>
        )}
        {r.returned_at !== null && (
          <>
            <dt>Returned</dt>
            <dd>{when(r.returned_at)}</dd>
          </>
        )}
        {BigInt(r.rent_refund) > 0n && (
          <>
            <dt>Rent refunded</dt>
            <dd>
              <Amount value={r.rent_refund} token={r.token} />
            </dd>
          </>
        )}
        {BigInt(r.late_fee) > 0n && (
          <>
            <dt>Late fee</dt>
            <dd>
              <Amount value={r.late_fee} token={r.token} />
            </dd>
          </>
        )}
        {BigInt(r.claim) > 0n && (
          <>
            <dt>Damages claimed</dt>
            <dd>
              <Amount value={r.claim} token={r.token} />
            </dd>
          </>
        )}
        {!OPEN.includes(r.status) && (
          <>
            <dt>Deposit returned</dt>
            <dd data-testid="deposit-returned">
              <Amount value={r.deposit_returned} token={r.token} />
            </dd>
          </>
        )}
      </dl>
      {detail.data && (
        <ol className="timeline">
          {detail.data.history.map((h) => (
            <li key={h.tx_hash + h.event}>
              {h.event.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()} · {when(h.timestamp)}
            </li>
          ))}
        </ol>
      )}
      {steps && (
        <div className="actions">
          {side === "lender" && r.status === "booked" && (
            <>
              <button type="button" disabled={busy} onClick={() => void act({ kind: "confirmHandover" })}>
                Hand it over
              </button>
              <button type="button" className="link" disabled={busy} onClick={() => void act({ kind: "cancelBooking" })}>
                Decline and refund the renter
              </button>
            </>
          )}
          {side === "renter" && r.status === "booked" &&
            (now !== null && now >= cancelAt ? (
              <button type="button" disabled={busy} onClick={() => void act({ kind: "cancelBooking" })}>
                Cancel and get everything back
              </button>
            ) : (
              <span className="muted small">Waiting for the handover. Not handed over by {when(cancelAt)}? You can cancel then for a full refund.</span>
            ))}
          {side === "renter" && r.status === "active" && (
            <button type="button" disabled={busy} onClick={() => void act({ kind: "markReturned" })}>
              I returned it
            </button>
          )}
          {side === "lender" && r.status === "active" &&
            (now !== null && r.ends_at !== null && now >= lostAt ? (
              <button type="button" disabled={busy} onClick={() => void act({ kind: "settleLate" })} data-testid="settle-late">
                Settle as lost (not returned by {when(lostAt)}): take the deposit and the rent
              </button>
            ) : (
              <span className="muted small">
                The renter marks the return when the item is back.{r.ends_at !== null && ` Not back by ${when(lostAt)}? You can settle it as lost then.`}
              </span>
            ))}
          {side === "lender" && r.status === "returned" && (
            <Inspection
              rental={r}
              busy={busy}
              onAccept={() => void act({ kind: "confirmReturn", claim: 0n, evidenceHash: zeroHash })}
              onClaim={(claim, evidence) => void act({ kind: "confirmReturn", claim, evidenceHash: keccak256(stringToHex(evidence)) })}
            />
          )}
          {side === "renter" && r.status === "returned" &&
            (now !== null && now >= releaseAt ? (
              <button type="button" disabled={busy} onClick={() => void act({ kind: "releaseDeposit" })}>
                Release my deposit (the lender did not inspect in time)
              </button>
            ) : (
              <span className="muted small">The lender inspects the item by {when(releaseAt)}; after that you can release the deposit yourself.</span>
            ))}
          {side === "renter" && r.status === "claimed" && (now === null || now < settleClaimAt) && (
            <>
              <button type="button" disabled={busy} onClick={() => void act({ kind: "acceptClaim" })}>
                Accept the damage claim
              </button>
              {!disputing ? (
                <button type="button" className="link" disabled={busy} onClick={() => setDisputing(true)}>
                  Dispute it
                </button>
              ) : (
                <form
                  className="dispute"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (reason.trim()) void act({ kind: "disputeClaim", reasonHash: keccak256(stringToHex(reason.trim())) });
                  }}
                >
                  <label className="field wide" htmlFor={`rental-reason-${r.rental_id}`}>
                    <span>Why the claim is wrong (the chain records its hash; keep the text for the arbiter)</span>
                    <textarea id={`rental-reason-${r.rental_id}`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
                  </label>
                  <button type="submit" disabled={busy || !reason.trim()}>
                    Open the dispute
                  </button>
                </form>
              )}
            </>
          )}
          {r.status === "claimed" &&
            (now !== null && now >= settleClaimAt ? (
              <button type="button" disabled={busy} onClick={() => void act({ kind: "settleClaim" })} data-testid="settle-claim">
                Settle the claim (the renter did not answer by {when(settleClaimAt)})
              </button>
            ) : (
              side === "lender" && (
                <span className="muted small">Waiting for the renter to accept or dispute the claim, until {when(settleClaimAt)}; after that you can settle it.</span>
              )
            ))}
          {r.status === "disputed" && <span className="muted small">The arbiter rules on the dispute.</span>}
        </div>
      )}
      <TxStatus state={state} />
    </li>
  );
}
