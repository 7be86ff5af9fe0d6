// Errors are sentences: a revert is decoded against the generated ABI to its custom error and
// said in plain words with what to do next; wallet refusals and API errors likewise.
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  formatEther,
  UserRejectedRequestError,
  type Abi,
  type Hex,
} from "viem";

import {
  erc20PermitAbi,
  installmentPlansAbi,
  marketplaceAbi,
  rentalEscrowAbi,
  reputationErrorsAbi,
  voucherBookErrorsAbi,
} from "./abi/generated";
import { ApiError } from "./api";

const ORDER_STATUS = ["none", "paid", "shipped", "disputed", "completed", "refunded", "resolved"];
const LISTING_STATUS = ["none", "active", "paused", "closed"];

type Args = readonly unknown[];
const when = (seconds: unknown) => new Date(Number(seconds) * 1000).toLocaleString();

const RENTAL_STATUS = ["none", "booked", "active", "returned", "claimed", "disputed", "cancelled", "completed", "resolved", "lost"];
const PLAN_STATUS = ["none", "active", "completed", "defaulted", "cancelled by the seller", "cancelled by the buyer"];

/** RentalEscrow's errors a renter or lender can meet (contracts/interfaces/IRentalEscrowErrors.sol). */
const RENTAL_SENTENCES: Record<string, (args: Args) => string> = {
  RentalEscrowPaused: () => "Rentals are paused by the operator; bookings resume when they are unpaused. Returns and refunds still work.",
  RentalEscrowUnknownListing: ([id]) => `Rental listing ${String(id)} does not exist on this chain.`,
  RentalEscrowListingNotActive: ([, status]) =>
    `This rental listing is ${LISTING_STATUS[Number(status)] ?? "not active"}, so it cannot be booked right now.`,
  RentalEscrowListingRented: () => "Someone else has booked this item; it can be booked again once that rental ends.",
  RentalEscrowDaysOutOfRange: ([days, min, max]) =>
    `${String(days)} days is outside what the lender allows: between ${String(min)} and ${String(max)} days. Change the number of days.`,
  RentalEscrowTermsChanged: () =>
    "The lender changed the terms since this page loaded, so nothing was paid. Reload to see the new terms.",
  RentalEscrowLenderCannotRent: () => "You are the lender of this item; book it from another account.",
  RentalEscrowNotTokenListing: () => "This listing is paid in ETH, so a token permit does not apply.",
  RentalEscrowNotLender: ([, lender]) => `Only the lender (${String(lender)}) can do this; switch to that account in your wallet.`,
  RentalEscrowNotRenter: ([, renter]) => `Only the renter (${String(renter)}) can do this; switch to that account in your wallet.`,
  RentalEscrowNotArbiter: () => "Only the arbiter can rule on a dispute.",
  RentalEscrowUnknownRental: ([id]) => `Rental ${String(id)} is not open on this chain (it may have ended). Reload the page.`,
  RentalEscrowInvalidStatus: ([, status]) =>
    `This rental is ${RENTAL_STATUS[Number(status)] ?? "in another state"}, so that step is not possible now. Reload the page to see where it stands.`,
  RentalEscrowTooEarly: ([, availableAt]) => `Not yet: this becomes possible on ${when(availableAt)}.`,
  RentalEscrowTooLate: ([, deadline]) => `Too late: this was possible until ${when(deadline)}.`,
  RentalEscrowClaimTooLarge: ([claim, available]) =>
    `A claim of ${String(claim)} is more than what is left of the deposit (${String(available)} base units). Claim at most that.`,
  RentalEscrowNothingToWithdraw: () => "Nothing is owed to this account here yet.",
};

/** InstallmentPlans' errors a buyer or seller can meet (contracts/interfaces/IInstallmentPlansErrors.sol). */
const PLAN_SENTENCES: Record<string, (args: Args) => string> = {
  InstallmentPlansPaused: () => "New plans are paused by the operator; payments on running plans still work.",
  InstallmentPlansUnknownListing: ([id]) => `Plan listing ${String(id)} does not exist on this chain.`,
  InstallmentPlansListingClosed: () => "The seller closed this listing, so no new plan can start on it.",
  InstallmentPlansOutOfStock: () => "This item is out of stock, so no new plan can start on it.",
  InstallmentPlansUnknownPlan: ([id]) => `Plan ${String(id)} does not exist on this chain.`,
  InstallmentPlansNotActive: ([, status]) =>
    `This plan is ${PLAN_STATUS[Number(status)] ?? "not active"}, so that step is not possible any more. Reload the page.`,
  InstallmentPlansNotSeller: ([, seller]) => `Only the seller (${String(seller)}) can do this; switch to that account in your wallet.`,
  InstallmentPlansNotBuyer: ([, buyer]) => `Only the buyer (${String(buyer)}) can do this; switch to that account in your wallet.`,
  InstallmentPlansSelfDealing: () => "You are the seller of this item; start the plan from another account.",
  InstallmentPlansPaymentTooSmall: ([amount, minimum]) =>
    `A payment of ${String(amount)} base units does not cover the late fees due; pay at least ${String(minimum)}.`,
  InstallmentPlansOverpayment: ([, maximum]) => `That is more than the plan still owes (${String(maximum)} base units at most).`,
  InstallmentPlansWrongPayoff: () =>
    "The payoff amount changed since this page loaded (an installment fell due or was paid), so nothing was paid. Reload and try again.",
  InstallmentPlansPaidChanged: () =>
    "A payment on this plan was made since this page loaded (perhaps a keeper collected it), so nothing was paid twice. Reload to see the schedule.",
  InstallmentPlansLateFeeAboveMax: ([, lateFee, maxLateFee]) =>
    `The late fee is now ${String(lateFee)} base units, more than the ${String(maxLateFee)} this page showed, so nothing was paid. Reload and try again.`,
  InstallmentPlansForfeitAboveMax: () => "The forfeit grew since this page loaded (a payment was collected), so nothing changed. Reload and try again.",
  InstallmentPlansRepaymentAboveMax: () =>
    "More proceeds were settled to you since this page loaded, so the refund would cost more than shown. Reload and try again.",
  InstallmentPlansNothingDue: ([, nextDueAt]) => `Nothing is due yet: the next installment falls due on ${when(nextDueAt)}.`,
  InstallmentPlansNotLayaway: () => "Only a layaway plan can be left by the buyer; a pay-later plan is paid off instead.",
  InstallmentPlansTooEarly: ([, availableAt]) => `Not yet: this becomes possible on ${when(availableAt)}.`,
  InstallmentPlansTooLate: ([, deadline]) =>
    `Too late: the payment window closed on ${when(deadline)} (an installment stayed unpaid past its grace period).`,
  InstallmentPlansNothingToWithdraw: () => "Nothing is owed to this account here yet.",
};

/** One sentence per custom error a buyer or seller can meet, with what to do. */
const SENTENCES: Record<string, (args: Args) => string> = {
  MarketplaceInsufficientStock: ([, available, requested]) =>
    `Only ${String(available)} left, and you asked for ${String(requested)}. Lower the quantity.`,
  MarketplaceListingNotActive: ([, status]) =>
    `This listing is ${LISTING_STATUS[Number(status)] ?? "not active"}, so it cannot be bought right now.`,
  MarketplaceUnknownListing: ([id]) => `Listing ${String(id)} does not exist on this chain.`,
  MarketplaceUnknownOrder: ([id]) => `Order ${String(id)} does not exist on this chain.`,
  MarketplaceInvalidOrderStatus: ([, status]) =>
    `This order is ${ORDER_STATUS[Number(status)] ?? "in another state"}, so that step is not possible any more. Reload the page to see where it stands.`,
  MarketplaceNotBuyer: ([, buyer]) => `Only the buyer (${String(buyer)}) can do this; switch to that account in your wallet.`,
  MarketplaceNotSeller: ([, seller]) => `Only the seller (${String(seller)}) can do this; switch to that account in your wallet.`,
  MarketplaceNotParty: () => "Only the buyer or the seller of this order can do this.",
  MarketplaceTooEarly: ([, availableAt]) => `Not yet: this becomes possible on ${when(availableAt)}.`,
  MarketplaceTooLate: ([, deadline]) => `Too late: this was possible until ${when(deadline)}.`,
  MarketplacePriceAboveLimit: () =>
    "The seller changed the price since this page loaded, so nothing was paid. Reload to see the new price.",
  PlatformPaused: () => "The marketplace is paused by its operator; purchases resume when it is unpaused. Refunds still work.",
  PlatformNothingToWithdraw: () => "Nothing is owed to this account in that token, so there is nothing to withdraw.",
  MarketplaceZeroQuantity: () => "Choose a quantity of at least 1.",
  PaymentsWrongValue: ([sent, expected]) =>
    `The payment sent ${formatEther(BigInt(String(sent)))} ETH but the price is ${formatEther(BigInt(String(expected)))} ETH. The price may have changed: reload and try again.`,
  PaymentsFeeOnTransferToken: () => "This token takes a fee on transfers, which the marketplace refuses.",
  ERC20InsufficientBalance: () => "Your token balance is too low for this purchase.",
  ERC20InsufficientAllowance: () => "The contract may not spend enough of your tokens yet: approve the amount first.",
  ERC2612ExpiredSignature: () => "The permit signature expired before the transaction was mined; try again.",
  ERC2612InvalidSigner: () => "The permit was signed by another account than the buyer; try again from one account.",
  VoucherBookExpired: ([expiry]) => `This voucher expired on ${when(expiry)}; ask the seller for a new one.`,
  VoucherBookNotForBuyer: ([buyer]) => `This voucher is for another buyer (${String(buyer)}); connect that account.`,
  VoucherBookNotForListing: () => "This voucher does not apply to this listing (another seller, token or listing).",
  VoucherBookMinSpend: () => "The purchase is below this voucher's minimum spend: raise the quantity.",
  VoucherBookExhausted: () => "This voucher was used up or cancelled by the seller.",
  VoucherBookInvalidSignature: () => "The voucher's signature is not the seller's: it was altered or made for another marketplace.",
  VoucherBookDiscountTooLarge: () => "This voucher would take off the whole price, which the marketplace refuses.",
  MarketplaceCreditsNotAccepted: () => "This listing does not accept review credits.",
  MarketplaceInvalidCredits: ([, max]) => `You can spend at most ${String(max)} credit units on this purchase.`,
  MarketplaceDiscountTooLarge: () => "The discount would cover the whole price, which the marketplace refuses.",
  ReentrancyGuardReentrantCall: () => "The call re-entered the marketplace and was refused.",
  MarketplaceZeroPrice: () => "Set a price above zero.",
  MarketplaceInvalidWindow: ([value, min, max]) =>
    `A window of ${String(value)} seconds is outside what escrow allows (${String(min)} to ${String(max)} seconds). Choose another.`,
  MarketplaceRefundTooLarge: ([amount, refundable]) =>
    `A refund of ${String(amount)} is more than the ${String(refundable)} still refundable on this order (in base units). Lower it.`,
  MarketplaceNothingToWithdraw: () => "There is nothing to withdraw yet: sales pay out once they are completed.",
  ReputationUnknownDeal: () => "The chain has no reviewable deal for this order yet (it counts once the order is completed). Reload in a moment.",
  ReputationNotParty: () => "Only the buyer or the seller of this deal can do this; switch to that account in your wallet.",
  ReputationInvalidRating: ([rating]) => `A rating of ${String(rating)} is not allowed: give 1 to 5 stars (sub-ratings 0 to 5).`,
  ReputationAlreadyReviewed: () => "You already reviewed this deal; a review can be edited once within 7 days instead.",
  ReputationNoReview: () => "There is no review to answer on this deal yet.",
  ReputationAlreadyAnswered: () => "This review was already answered; each review gets one response.",
  ...RENTAL_SENTENCES,
  ...PLAN_SENTENCES,
};

function sentenceFor(name: string, args: Args): string {
  const sentence = SENTENCES[name];
  return sentence ? sentence(args) : `The contract refused with ${name}(${args.map(String).join(", ")}).`;
}

const ABIS: Abi[] = [
  marketplaceAbi as Abi,
  rentalEscrowAbi as Abi,
  installmentPlansAbi as Abi,
  erc20PermitAbi as Abi,
  voucherBookErrorsAbi as Abi,
  reputationErrorsAbi as Abi,
];

/** Decode raw revert data against the contracts' ABIs; null if it matches none. */
export function decodeRevertData(data: Hex): { name: string; args: Args } | null {
  for (const abi of ABIS) {
    try {
      const decoded = decodeErrorResult({ abi, data });
      return { name: decoded.errorName, args: (decoded.args ?? []) as Args };
    } catch {
      // not in this ABI
    }
  }
  return null;
}

/** The custom error behind a failed call, if it was a revert with data. */
export function revertOf(error: unknown): { name: string; args: Args } | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError) {
    if (reverted.data?.errorName) return { name: reverted.data.errorName, args: (reverted.data.args ?? []) as Args };
    if (reverted.raw) return decodeRevertData(reverted.raw);
  }
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === "string");
  const data = (withData as { data?: unknown } | null)?.data;
  if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) return decodeRevertData(data as Hex);
  return null;
}

/** Whatever went wrong, as a sentence a buyer or seller can act on. */
export function explain(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) {
      return "You declined the request in your wallet; nothing was sent.";
    }
    const revert = revertOf(error);
    if (revert) return sentenceFor(revert.name, revert.args);
    return error.shortMessage || error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
