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

import { erc20PermitAbi, marketplaceAbi, reputationErrorsAbi } from "./abi/generated";
import { ApiError } from "./api";

const ORDER_STATUS = ["none", "paid", "shipped", "disputed", "completed", "refunded", "resolved"];
const LISTING_STATUS = ["none", "active", "paused", "closed"];

type Args = readonly unknown[];
const when = (seconds: unknown) => new Date(Number(seconds) * 1000).toLocaleString();

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
  MarketplacePaused: () => "The marketplace is paused by its operator; purchases resume when it is unpaused. Refunds still work.",
  MarketplaceZeroQuantity: () => "Choose a quantity of at least 1.",
  PaymentsWrongValue: ([sent, expected]) =>
    `The payment sent ${formatEther(BigInt(String(sent)))} ETH but the price is ${formatEther(BigInt(String(expected)))} ETH. The price may have changed: reload and try again.`,
  PaymentsFeeOnTransferToken: () => "This token takes a fee on transfers, which the marketplace refuses.",
  ERC20InsufficientBalance: () => "Your token balance is too low for this purchase.",
  ERC20InsufficientAllowance: () => "The marketplace may not spend enough of your tokens yet: approve the amount first.",
  ERC2612ExpiredSignature: () => "The permit signature expired before the transaction was mined; try again.",
  ERC2612InvalidSigner: () => "The permit was signed by another account than the buyer; try again from one account.",
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
};

function sentenceFor(name: string, args: Args): string {
  const sentence = SENTENCES[name];
  return sentence ? sentence(args) : `The contract refused with ${name}(${args.map(String).join(", ")}).`;
}

const ABIS: Abi[] = [marketplaceAbi as Abi, erc20PermitAbi as Abi, reputationErrorsAbi as Abi];

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
