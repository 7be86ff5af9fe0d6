import { parseEventLogs, zeroHash, type Address } from "viem";
import { simulateContract, writeContract } from "wagmi/actions";

import { useWalletTx } from "../../components/useWalletTx";
import { installmentPlansAbi, wagmiConfig } from "../../lib/chain";
import { installmentPlansAddress } from "../../lib/config";
import { ETH } from "../../lib/format";
import type { PlanListing } from "../../lib/rentalsApi";
import { splitTerms } from "../../lib/schedule";
import { approveIfNeeded, signPermit } from "../../lib/tokenPayment";

/**
 * Start a plan on a listing's terms, paying the down payment: the exact `msg.value` in ETH; in
 * a token, a permit for the down payment when the token has one, else approve first.
 */
export function useStartPlan(listing: PlanListing) {
  const tx = useWalletTx([["plans"]]);

  function start() {
    return tx.run(async ({ account, preparing, signing, send, receipt }) => {
      preparing("Checking the plan");
      const address = installmentPlansAddress();
      const listingId = BigInt(listing.listing_id);
      const { downPayment } = splitTerms(listing);
      const sign = "Confirm the down payment in your wallet";
      let hash;
      if (listing.token.toLowerCase() === ETH) {
        const { request } = await simulateContract(wagmiConfig, {
          account, address, abi: installmentPlansAbi, functionName: "startPlan", args: [listingId, zeroHash], value: downPayment,
        });
        hash = await send(sign, () => writeContract(wagmiConfig, request));
      } else {
        const token = listing.token as Address;
        signing("Sign the spending permit for the down payment in your wallet");
        const permit = await signPermit(token, account, address, downPayment);
        if (permit) {
          const { request } = await simulateContract(wagmiConfig, {
            account, address, abi: installmentPlansAbi, functionName: "startPlanWithPermit",
            args: [listingId, zeroHash, downPayment, permit.deadline, permit.v, permit.r, permit.s],
          });
          hash = await send(sign, () => writeContract(wagmiConfig, request));
        } else {
          await approveIfNeeded(send, token, account, address, downPayment);
          const { request } = await simulateContract(wagmiConfig, {
            account, address, abi: installmentPlansAbi, functionName: "startPlan", args: [listingId, zeroHash],
          });
          hash = await send(sign, () => writeContract(wagmiConfig, request));
        }
      }
      const started = parseEventLogs({ abi: installmentPlansAbi, logs: (await receipt(hash)).logs, eventName: "PlanStarted" });
      return `Plan started: plan ${String(started[0]?.args.planId)} is running; its schedule is in My plans.`;
    });
  }

  return { ...tx, start };
}
