import { useState } from "react";
import type { Address, Hash, TransactionReceipt } from "viem";
import { getConnection, waitForTransactionReceipt } from "wagmi/actions";

import { wagmiConfig } from "../lib/chain";
import { explain } from "../lib/errors";
import type { TxStep } from "./TxStatus";

/**
 * Context a transaction's `send` gets: the connected account, and `preparing`/`signing` to
 * say which step it is in (checking, waiting for the wallet) while it simulates and writes.
 */
export type TxContext = { account: Address; preparing: (what: string) => void; signing: () => void };

/** One wallet transaction with every state visible (TxStatus) and a revert said as a sentence. */
export function useTx() {
  const [state, setState] = useState<TxStep>({ step: "idle" });

  async function run(
    send: (context: TxContext) => Promise<Hash>,
    done: string,
    after?: (receipt: TransactionReceipt) => void | Promise<void>,
  ): Promise<TransactionReceipt | null> {
    let hash: Hash | undefined;
    try {
      const account = getConnection(wagmiConfig).address;
      if (!account) throw new Error("Connect a wallet first.");
      setState({ step: "preparing", what: "Checking the transaction" });
      hash = await send({
        account,
        preparing: (what) => setState({ step: "preparing", what }),
        signing: () => setState({ step: "signature", what: "confirm in your wallet" }),
      });
      setState({ step: "pending", what: done, hash });
      const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
      if (receipt.status !== "success") throw new Error(`The transaction ${hash} was reverted on chain.`);
      setState({ step: "done", message: done, hash });
      await after?.(receipt);
      return receipt;
    } catch (error) {
      setState({ step: "failed", message: explain(error), hash });
      return null;
    }
  }

  const busy = ["preparing", "signature", "pending"].includes(state.step);
  return { state, setState, run, busy };
}
