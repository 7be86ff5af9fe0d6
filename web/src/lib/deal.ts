// A deal as the Reputation contract commits it. The contract stores only
// keccak256(abi.encode(Deal)) per deal, and every review or response takes the whole struct
// back, so it is rebuilt from the contract's events (as chain/reputation/rebuild.py does in Python) and
// checked against the commitment before anything is signed.
import type { Address } from "viem";
import { getPublicClient, readContract } from "wagmi/actions";

import { reputationAbi, wagmiConfig } from "./chain";
import { appConfig } from "./config";

export type Deal = {
  source: Address;
  id: bigint;
  kind: number;
  buyer: Address;
  seller: Address;
  token: Address;
  value: bigint;
  fee: bigint;
  buyerReviewedAt: number;
  sellerReviewedAt: number;
  flags: number;
};

// DealFlags (contracts/types/Deal.sol): the buyer side in the low nibble, the seller's above.
const EDITED = 0x01;
const ANSWERED = 0x02;
const REPORTED = 0x04;
const bit = (buyerSide: boolean, what: number) => (buyerSide ? what : what << 4);

export function reputationAddress(): Address {
  const address = appConfig.contracts.Reputation;
  if (!address) throw new Error("The API does not know the Reputation contract yet: its indexer has not started. Try again in a moment.");
  return address;
}

/** The deal `dealId` of `source` as the chain commits it now; null while it is not recorded. */
export async function dealOf(source: Address, dealId: bigint): Promise<Deal | null> {
  const client = getPublicClient(wagmiConfig);
  if (!client) throw new Error("Connect a wallet first: the storefront reads the chain through it.");
  const address = reputationAddress();
  const query = { address, abi: reputationAbi, args: { source, dealId }, fromBlock: 0n } as const;
  const [recorded] = await client.getContractEvents({ ...query, eventName: "DealRecorded" });
  if (!recorded) return null;
  const a = recorded.args;
  const deal: Deal = {
    source,
    id: dealId,
    kind: Number(a.kind),
    buyer: a.buyer as Address,
    seller: a.seller as Address,
    token: a.token as Address,
    value: a.value as bigint,
    fee: a.fee as bigint,
    buyerReviewedAt: 0,
    sellerReviewedAt: 0,
    flags: 0,
  };
  const [posted, edited, answered, reported] = await Promise.all([
    client.getContractEvents({ ...query, eventName: "ReviewPosted" }),
    client.getContractEvents({ ...query, eventName: "ReviewEdited" }),
    client.getContractEvents({ ...query, eventName: "ResponsePosted" }),
    client.getContractEvents({ ...query, eventName: "ReportFiled" }),
  ]);
  const byBuyer = (who: string | undefined) => who?.toLowerCase() === deal.buyer.toLowerCase();
  for (const event of posted) {
    const block = await client.getBlock({ blockNumber: event.blockNumber });
    if (byBuyer(event.args.author)) deal.buyerReviewedAt = Number(block.timestamp);
    else deal.sellerReviewedAt = Number(block.timestamp);
  }
  for (const event of edited) deal.flags |= bit(byBuyer(event.args.author), EDITED);
  for (const event of answered) deal.flags |= bit(!byBuyer(event.args.author), ANSWERED); // answers the other side
  for (const event of reported) deal.flags |= bit(byBuyer(event.args.reporter), REPORTED);
  const [committed, rebuilt] = await Promise.all([
    readContract(wagmiConfig, { address, abi: reputationAbi, functionName: "dealHash", args: [source, dealId] }),
    readContract(wagmiConfig, { address, abi: reputationAbi, functionName: "hashDeal", args: [deal] }),
  ]);
  if (committed !== rebuilt) throw new Error("The deal rebuilt from the chain's events does not match its commitment. Reload and try again.");
  return deal;
}
