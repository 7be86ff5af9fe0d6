import type { Address } from "viem";
import { readContract, simulateContract, writeContract } from "wagmi/actions";
import { useQuery } from "@tanstack/react-query";

import { installmentPlansAbi, rentalEscrowAbi, wagmiConfig } from "../lib/chain";
import { installmentPlansAddress, rentalEscrowAddress } from "../lib/config";
import { Amount } from "./Amount";
import { TxStatus } from "./TxStatus";
import { useWalletTx } from "./useWalletTx";

/** Which escrow keeps the balance; both have `owed(account, token)` and `withdraw(token)`. */
export type PullContract = "rentals" | "plans";

function owedOf(which: PullContract, account: Address, token: Address): Promise<bigint> {
  return which === "rentals"
    ? readContract(wagmiConfig, { address: rentalEscrowAddress(), abi: rentalEscrowAbi, functionName: "owed", args: [account, token] })
    : readContract(wagmiConfig, { address: installmentPlansAddress(), abi: installmentPlansAbi, functionName: "owed", args: [account, token] });
}

async function withdrawRequest(which: PullContract, account: Address, token: Address) {
  if (which === "rentals") {
    return (await simulateContract(wagmiConfig, { account, address: rentalEscrowAddress(), abi: rentalEscrowAbi, functionName: "withdraw", args: [token] })).request;
  }
  return (await simulateContract(wagmiConfig, { account, address: installmentPlansAddress(), abi: installmentPlansAbi, functionName: "withdraw", args: [token] })).request;
}

/** What an escrow credited to `account` in `token` (refunds, released deposits, rent, settled proceeds), and a button to withdraw it. */
export function WithdrawBalance({ which, account, token, label }: { which: PullContract; account: Address; token: string; label: string }) {
  const key = ["owed", which, account, token.toLowerCase()] as const;
  const owed = useQuery({
    queryKey: key,
    queryFn: () => owedOf(which, account, token as Address),
    refetchInterval: 5_000,
  });
  const { state, run, busy } = useWalletTx([key]);
  if (!owed.data && state.step === "idle") return null;
  return (
    <div className="withdraw" data-testid="withdraw" data-token={token}>
      {owed.data && state.step !== "done" ? (
        <>
          <span>
            {label}: <Amount value={owed.data} token={token} />
          </span>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(async ({ account: from, send, preparing }) => {
                preparing("Checking the withdrawal");
                const request = await withdrawRequest(which, from, token as Address);
                await send("Confirm the withdrawal in your wallet", () => writeContract(wagmiConfig, request));
                return "Withdrawn to your wallet.";
              })
            }
          >
            Withdraw
          </button>
        </>
      ) : null}
      <TxStatus state={state} />
    </div>
  );
}
