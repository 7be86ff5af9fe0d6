import type { Hex } from "viem";
import { readContract, simulateContract, writeContract } from "wagmi/actions";

import { useWalletTx } from "../../components/useWalletTx";
import { rentalEscrowAbi, wagmiConfig } from "../../lib/chain";
import { rentalEscrowAddress } from "../../lib/config";
import { rentalTuple } from "../../lib/rental";
import type { Rental } from "../../lib/rentalsApi";

export type RentalAction =
  | { kind: "confirmHandover" }
  | { kind: "cancelBooking" }
  | { kind: "markReturned" }
  | { kind: "confirmReturn"; claim: bigint; evidenceHash: Hex }
  | { kind: "releaseDeposit" }
  | { kind: "acceptClaim" }
  | { kind: "disputeClaim"; reasonHash: Hex }
  | { kind: "settleClaim" }
  | { kind: "settleLate" };

function done(action: RentalAction): string {
  switch (action.kind) {
    case "confirmHandover":
      return "Handed over: the rental clock runs and the minimum days' rent is credited to you.";
    case "cancelBooking":
      return "Booking cancelled: the renter gets the rent and deposit back in full.";
    case "markReturned":
      return "Marked as returned: unused days are refunded; the lender inspects the item next.";
    case "confirmReturn":
      return action.claim === 0n
        ? "Return accepted: the deposit is released to the renter."
        : "Damages claimed: that part of the deposit is held until the renter accepts or disputes; the rest is released.";
    case "releaseDeposit":
      return "Deposit released to the renter.";
    case "acceptClaim":
      return "Claim accepted: it goes to the lender.";
    case "disputeClaim":
      return "Claim disputed: the arbiter will rule on it.";
    case "settleClaim":
      return "Claim settled: the renter did not answer in time, so the claim goes to the lender.";
    case "settleLate":
      return "Settled as lost: the item was not returned in time, so the rent and the deposit go to the lender.";
  }
}

/** One lifecycle step of a rental, checked against the commitment on chain first. */
export function useRentalAction(rental: Rental) {
  const tx = useWalletTx([["rentals"], ["owed"]]);

  function act(action: RentalAction) {
    return tx.run(async ({ account, preparing, send }) => {
      preparing("Checking the rental against the chain");
      const address = rentalEscrowAddress();
      const tuple = rentalTuple(rental);
      const committed = await readContract(wagmiConfig, { address, abi: rentalEscrowAbi, functionName: "rentalHash", args: [BigInt(rental.listing_id)] });
      const rebuilt = await readContract(wagmiConfig, { address, abi: rentalEscrowAbi, functionName: "hashRental", args: [tuple] });
      if (committed !== rebuilt) {
        throw new Error("This page is behind the chain (the rental changed since it loaded). Reload and try again.");
      }
      const base = { account, address, abi: rentalEscrowAbi } as const;
      const sign = "Confirm in your wallet";
      switch (action.kind) {
        case "confirmReturn": {
          const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "confirmReturn", args: [tuple, action.claim, action.evidenceHash] });
          await send(sign, () => writeContract(wagmiConfig, request));
          break;
        }
        case "disputeClaim": {
          const { request } = await simulateContract(wagmiConfig, { ...base, functionName: "disputeClaim", args: [tuple, action.reasonHash] });
          await send(sign, () => writeContract(wagmiConfig, request));
          break;
        }
        default: {
          const { request } = await simulateContract(wagmiConfig, { ...base, functionName: action.kind, args: [tuple] });
          await send(sign, () => writeContract(wagmiConfig, request));
        }
      }
      return done(action);
    });
  }

  return { ...tx, act };
}
