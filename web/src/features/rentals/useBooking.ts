import { parseEventLogs, type Address } from "viem";
import { simulateContract, writeContract } from "wagmi/actions";

import { useWalletTx } from "../../components/useWalletTx";
import { rentalEscrowAbi, wagmiConfig } from "../../lib/chain";
import { rentalEscrowAddress } from "../../lib/config";
import { ETH } from "../../lib/format";
import { bookingCost, bookingTermsHash } from "../../lib/rental";
import type { RentalListing } from "../../lib/rentalsApi";
import { approveIfNeeded, signPermit } from "../../lib/tokenPayment";

/**
 * Book a rental: rent for every day plus the deposit, committed to the hash of the terms this
 * page shows (a lender's edit mined first reverts `RentalEscrowTermsChanged`, never charges).
 * ETH pays the exact `msg.value`; a token pays with a permit when it has one, else approve first.
 */
export function useBooking(listing: RentalListing) {
  const tx = useWalletTx([["rentals"]]);

  function book(days: number) {
    return tx.run(async ({ account, preparing, signing, send, receipt }) => {
      preparing("Checking the booking");
      const escrow = rentalEscrowAddress();
      const termsHash = bookingTermsHash(listing);
      const listingId = BigInt(listing.listing_id);
      const { total } = bookingCost(listing, days);
      let hash;
      if (listing.token.toLowerCase() === ETH) {
        const { request } = await simulateContract(wagmiConfig, {
          account, address: escrow, abi: rentalEscrowAbi, functionName: "rent", args: [listingId, days, termsHash], value: total,
        });
        hash = await send("Confirm the rent and deposit in your wallet", () => writeContract(wagmiConfig, request));
      } else {
        const token = listing.token as Address;
        signing("Sign the spending permit for the rent and deposit in your wallet");
        const permit = await signPermit(token, account, escrow, total);
        if (permit) {
          preparing("Checking the booking");
          const { request } = await simulateContract(wagmiConfig, {
            account, address: escrow, abi: rentalEscrowAbi, functionName: "rentWithPermit",
            args: [listingId, days, termsHash, permit.deadline, permit.v, permit.r, permit.s],
          });
          hash = await send("Confirm the rent and deposit in your wallet", () => writeContract(wagmiConfig, request));
        } else {
          await approveIfNeeded(send, token, account, escrow, total);
          const { request } = await simulateContract(wagmiConfig, {
            account, address: escrow, abi: rentalEscrowAbi, functionName: "rent", args: [listingId, days, termsHash],
          });
          hash = await send("Confirm the rent and deposit in your wallet", () => writeContract(wagmiConfig, request));
        }
      }
      const booked = parseEventLogs({ abi: rentalEscrowAbi, logs: (await receipt(hash)).logs, eventName: "RentalBooked" });
      const id = booked[0]?.args.rentalId;
      return `Booked: rental ${String(id)} is paid into escrow. The lender hands the item over next.`;
    });
  }

  return { ...tx, book };
}
