import type { Address } from "viem";
import { getBlock, readContract, simulateContract, writeContract } from "wagmi/actions";

import { useWalletTx } from "../../components/useWalletTx";
import { installmentPlansAbi, wagmiConfig } from "../../lib/chain";
import { installmentPlansAddress } from "../../lib/config";
import { ETH } from "../../lib/format";
import type { PlanDetail } from "../../lib/rentalsApi";
import { nextPayment, scheduleAt } from "../../lib/schedule";
import { approveIfNeeded } from "../../lib/tokenPayment";

export type PlanAction = "payNext" | "payOff" | "cancelByBuyer" | "cancelBySeller" | "withdrawProceeds" | "markDefault";

const DONE: Record<PlanAction, string> = {
  payNext: "Paid: the installment is on the schedule.",
  payOff: "Paid off: the plan is complete.",
  cancelByBuyer: "You left the plan: everything but the forfeit is refunded to you.",
  cancelBySeller: "Plan cancelled: the buyer is refunded everything paid.",
  withdrawProceeds: "Proceeds withdrawn to your wallet.",
  markDefault: "Plan marked defaulted: the seller keeps its share, the rest of what the buyer paid is credited back to the buyer.",
};

/**
 * One step on a plan. Payments commit to what the page shows: `expectedPaid` is the chain's
 * `paid` (a keeper's collection mined first reverts instead of paying twice) and `maxLateFee`
 * the quote's late fee; a payoff must equal the quote's payoff exactly.
 */
export function usePlanAction(plan: PlanDetail) {
  const tx = useWalletTx([["plans"], ["owed"], ["plan-quote"]]);

  function act(action: PlanAction) {
    return tx.run(async ({ account, preparing, send }) => {
      preparing("Reading the plan from the chain");
      const address = installmentPlansAddress();
      const planId = BigInt(plan.plan_id);
      const [onChain, quote] = await Promise.all([
        readContract(wagmiConfig, { address, abi: installmentPlansAbi, functionName: "getPlan", args: [planId] }),
        readContract(wagmiConfig, { address, abi: installmentPlansAbi, functionName: "quote", args: [planId] }),
      ]);
      const eth = plan.token.toLowerCase() === ETH;
      const token = plan.token as Address;
      const base = { account, address, abi: installmentPlansAbi } as const;
      const sign = "Confirm in your wallet";
      if (action === "payNext") {
        if (onChain.paid !== BigInt(plan.paid)) throw new Error("This page is behind the chain (a payment was made since it loaded). Reload and try again.");
        const block = await getBlock(wagmiConfig);
        const next = nextPayment(scheduleAt(plan, plan.schedule, Number(block.timestamp)));
        if (!next) throw new Error("Nothing is left to pay on this plan.");
        const amount = next.installment.owed + quote.lateFee;
        if (!eth) await approveIfNeeded(send, token, account, address, amount);
        preparing("Checking the payment");
        const { request } = await simulateContract(wagmiConfig, {
          ...base, functionName: "pay", args: [planId, amount, onChain.paid, quote.lateFee], value: eth ? amount : 0n,
        });
        await send("Confirm the payment in your wallet", () => writeContract(wagmiConfig, request));
      } else if (action === "payOff") {
        if (!eth) await approveIfNeeded(send, token, account, address, quote.payoff);
        preparing("Checking the payoff");
        const { request } = await simulateContract(wagmiConfig, {
          ...base, functionName: "payOff", args: [planId, quote.payoff], value: eth ? quote.payoff : 0n,
        });
        await send("Confirm the payoff in your wallet", () => writeContract(wagmiConfig, request));
      } else if (action === "cancelByBuyer") {
        const received = onChain.downPayment + onChain.paid + BigInt(plan.late_fees);
        const maxForfeit = (received * onChain.forfeitBps) / 10_000n;
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "cancelByBuyer", args: [planId, maxForfeit] });
        await send(sign, () => writeContract(wagmiConfig, request));
      } else if (action === "cancelBySeller") {
        // Proceeds already settled to the seller go back to the buyer with the refund.
        if (!eth && onChain.settled > 0n) await approveIfNeeded(send, token, account, address, onChain.settled);
        const { request } = await simulateContract(wagmiConfig, {
          ...base, functionName: "cancelBySeller", args: [planId, onChain.settled], value: eth ? onChain.settled : 0n,
        });
        await send(sign, () => writeContract(wagmiConfig, request));
      } else if (action === "markDefault") {
        // Anyone may call it once an installment stayed unpaid past the grace period.
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "markDefault", args: [planId] });
        await send(sign, () => writeContract(wagmiConfig, request));
      } else {
        const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "withdrawProceeds", args: [[planId]] });
        await send(sign, () => writeContract(wagmiConfig, request));
      }
      return DONE[action];
    });
  }

  return { ...tx, act };
}
