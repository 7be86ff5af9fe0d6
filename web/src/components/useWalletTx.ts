import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address, Hash, TransactionReceipt } from "viem";
import { getConnection, switchChain, waitForTransactionReceipt } from "wagmi/actions";

import { bazaarChain, wagmiConfig } from "../lib/chain";
import { explain } from "../lib/errors";
import type { Send } from "../lib/tokenPayment";
import type { TxStep } from "./TxStatus";

export type TxContext = {
  account: Address;
  /** Show what is being checked before anything is signed. */
  preparing: (what: string) => void;
  /** Show that the wallet is asked for a signature that is not a transaction (a permit). */
  signing: (what: string) => void;
  /** Ask the wallet to sign, then wait for the block; throws if it reverted. */
  send: Send;
  /** The receipt of a transaction `send` returned. */
  receipt: (hash: Hash) => Promise<TransactionReceipt>;
};

/**
 * One wallet action with every state visible (preparing, waiting for the signature, pending,
 * confirmed, failed as a sentence). `action` returns the confirmation sentence; afterwards the
 * queries under `refresh` are refetched as the indexer catches up with the block.
 */
export function useWalletTx(refresh: readonly (readonly unknown[])[]) {
  const [state, setState] = useState<TxStep>({ step: "idle" });
  const client = useQueryClient();

  async function run(action: (ctx: TxContext) => Promise<string>) {
    let last: Hash | undefined;
    try {
      const connection = getConnection(wagmiConfig);
      if (!connection.address) throw new Error("Connect a wallet first.");
      if (connection.chainId !== bazaarChain.id) {
        setState({ step: "signature", what: `Switch your wallet to ${bazaarChain.name}` });
        await switchChain(wagmiConfig, { chainId: bazaarChain.id });
      }
      const send: Send = async (what, write) => {
        setState({ step: "signature", what });
        const hash = await write();
        last = hash;
        setState({ step: "pending", what, hash });
        const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
        if (receipt.status !== "success") throw new Error(`The transaction ${hash} was reverted on chain.`);
        return hash;
      };
      const message = await action({
        account: connection.address,
        preparing: (what) => setState({ step: "preparing", what }),
        signing: (what) => setState({ step: "signature", what }),
        send,
        receipt: (hash) => waitForTransactionReceipt(wagmiConfig, { hash }),
      });
      setState({ step: "done", message, hash: last });
      for (const delay of [300, 1000, 2500, 5000]) {
        setTimeout(() => refresh.forEach((queryKey) => void client.invalidateQueries({ queryKey })), delay);
      }
    } catch (error) {
      setState({ step: "failed", message: explain(error), hash: last });
    }
  }

  const busy = ["preparing", "signature", "pending"].includes(state.step);
  return { state, run, busy, reset: () => setState({ step: "idle" }) };
}
