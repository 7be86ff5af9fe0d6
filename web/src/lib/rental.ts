// RentalEscrow keeps only keccak256 of a listing's open rental, and a booking commits to the
// hash of the terms the renter saw. Both are rebuilt here from the API's rows, in the field
// order of `struct RentalTerms` and `struct Rental`, typed by the generated ABI.
import { encodeAbiParameters, keccak256, type Address, type ContractFunctionArgs, type Hex } from "viem";

import { rentalEscrowAbi } from "./abi/generated";
import type { Rental, RentalListing } from "./rentalsApi";

export type RentalTuple = ContractFunctionArgs<typeof rentalEscrowAbi, "nonpayable", "confirmHandover">[0];
export type RentalTermsTuple = ContractFunctionArgs<typeof rentalEscrowAbi, "pure", "hashTerms">[0];

/** `enum RentalStatus` in contracts/types/Rental.sol, as the API names its members. */
export const RENTAL_STATUS = [
  "none", "booked", "active", "returned", "claimed", "disputed", "cancelled", "completed", "resolved", "lost",
] as const;

const TERMS_PARAMETER = rentalEscrowAbi.find((e) => e.type === "function" && e.name === "hashTerms")!.inputs;

export function termsOf(listing: RentalListing): RentalTermsTuple {
  return {
    token: listing.token as Address,
    dailyRate: BigInt(listing.daily_rate),
    deposit: BigInt(listing.deposit),
    lateFeePerDay: BigInt(listing.late_fee_per_day),
    minDays: listing.min_days,
    maxDays: listing.max_days,
    gracePeriod: listing.grace_period,
    handoverWindow: listing.handover_window,
    inspectionWindow: listing.inspection_window,
  };
}

/** `hashTerms(terms)`: keccak256(abi.encode(terms)), what `rent` takes as `termsHash`. */
export function hashTerms(terms: RentalTermsTuple): Hex {
  return keccak256(encodeAbiParameters(TERMS_PARAMETER, [terms]));
}

/**
 * The hash a booking commits to: computed here from the terms the page shows, so the renter
 * pays for exactly what it read; an API whose `terms_hash` disagrees with its own terms is
 * refused rather than trusted.
 */
export function bookingTermsHash(listing: RentalListing): Hex {
  const hash = hashTerms(termsOf(listing));
  if (hash !== listing.terms_hash.toLowerCase()) {
    throw new Error("The terms shown do not match the hash the API gave for them. Reload the page.");
  }
  return hash;
}

/** What a booking of `days` days pays now: rent for every day plus the deposit. */
export function bookingCost(listing: RentalListing, days: number): { rent: bigint; deposit: bigint; total: bigint } {
  const rent = BigInt(listing.daily_rate) * BigInt(days);
  const deposit = BigInt(listing.deposit);
  return { rent, deposit, total: rent + deposit };
}

/** The `Rental` struct the contract hashed, from the API's rental. */
export function rentalTuple(rental: Rental): RentalTuple {
  const status = RENTAL_STATUS.indexOf(rental.status as (typeof RENTAL_STATUS)[number]);
  return {
    id: BigInt(rental.rental_id),
    lender: rental.lender as Address,
    renter: rental.renter as Address,
    token: rental.token as Address,
    dailyRate: BigInt(rental.daily_rate),
    deposit: BigInt(rental.deposit),
    lateFeePerDay: BigInt(rental.late_fee_per_day),
    feeBps: rental.fee_bps,
    rentalDays: rental.rental_days,
    minDays: rental.min_days,
    gracePeriod: rental.grace_period,
    handoverWindow: rental.handover_window,
    inspectionWindow: rental.inspection_window,
    bookedAt: rental.booked_at,
    startedAt: rental.started_at ?? 0,
    returnedAt: rental.returned_at ?? 0,
    paidDays: rental.paid_days,
    lateFee: BigInt(rental.late_fee),
    claim: BigInt(rental.claim),
    claimedAt: rental.claimed_at ?? 0,
    disputedAt: rental.disputed_at ?? 0,
    status: status < 0 ? 0 : status,
  };
}
