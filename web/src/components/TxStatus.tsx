import type { Hash } from "viem";

export type TxStep =
  | { step: "idle" }
  | { step: "preparing"; what: string }
  | { step: "signature"; what: string }
  | { step: "pending"; what: string; hash: Hash }
  | { step: "failed"; message: string; hash?: Hash }
  | { step: "done"; message: string; hash?: Hash };

/** One line per state of a wallet action: waiting for a signature, pending, confirmed, failed. */
export function TxStatus({ state }: { state: TxStep }) {
  switch (state.step) {
    case "idle":
      return null;
    case "preparing":
      return <p className="status" data-testid="tx-status" data-step="preparing">{state.what}…</p>;
    case "signature":
      return <p className="status" data-testid="tx-status" data-step="signature">Waiting for your signature: {state.what}.</p>;
    case "pending":
      return (
        <p className="status" data-testid="tx-status" data-step="pending">
          Pending: transaction <code>{state.hash.slice(0, 10)}…</code> sent, waiting for a block.
        </p>
      );
    case "failed":
      return (
        <p className="status error" role="alert" data-testid="tx-status" data-step="failed">
          {state.message}
        </p>
      );
    case "done":
      return (
        <p className="status ok" data-testid="tx-status" data-step="confirmed">
          {state.message}
        </p>
      );
  }
}
