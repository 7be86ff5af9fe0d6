// Paying an escrow contract in an ERC-20: an EIP-2612 permit signed for exactly the amount
// when the token has one (one transaction), else an approval first (skipped when the allowance
// already covers it). The checkout does the same for the Marketplace (features/checkout).
import { parseSignature, type Address, type Hash, type Hex } from "viem";
import { getBlock, readContract, signTypedData, simulateContract, writeContract } from "wagmi/actions";

import { bazaarChain, erc20PermitAbi, wagmiConfig } from "./chain";

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

export type Permit = { deadline: bigint; v: number; r: Hex; s: Hex };
/** Sends one transaction with its states shown, and resolves once it is mined successfully. */
export type Send = (what: string, write: () => Promise<Hash>) => Promise<Hash>;

/** The token's permit domain, or null when it has no EIP-2612 (or no EIP-5267 domain). */
async function permitDomain(token: Address, owner: Address): Promise<{ nonce: bigint; name: string; version: string } | null> {
  try {
    const [nonce, domain] = await Promise.all([
      readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "nonces", args: [owner] }),
      readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "eip712Domain" }),
    ]);
    return { nonce, name: domain[1], version: domain[2] };
  } catch {
    return null;
  }
}

/** A permit for `spender` to take exactly `value`, or null when the token cannot do permits. */
export async function signPermit(token: Address, owner: Address, spender: Address, value: bigint): Promise<Permit | null> {
  const domain = await permitDomain(token, owner);
  if (!domain) return null;
  // The token checks the deadline against block.timestamp, which a local or test chain may run
  // ahead of this clock: count from whichever is later.
  const block = await getBlock(wagmiConfig);
  const deadline = BigInt(Math.max(Number(block.timestamp), Math.floor(Date.now() / 1000)) + 20 * 60);
  const signature = await signTypedData(wagmiConfig, {
    account: owner,
    domain: { name: domain.name, version: domain.version, chainId: bazaarChain.id, verifyingContract: token },
    types: PERMIT_TYPES,
    primaryType: "Permit",
    message: { owner, spender, value, nonce: domain.nonce, deadline },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/** Approve `spender` for `value` unless the allowance already covers it. */
export async function approveIfNeeded(send: Send, token: Address, owner: Address, spender: Address, value: bigint): Promise<void> {
  const allowance = await readContract(wagmiConfig, { address: token, abi: erc20PermitAbi, functionName: "allowance", args: [owner, spender] });
  if (allowance >= value) return;
  const { request } = await simulateContract(wagmiConfig, {
    account: owner,
    address: token,
    abi: erc20PermitAbi,
    functionName: "approve",
    args: [spender, value],
  });
  await send("Approve the contract to take the amount", () => writeContract(wagmiConfig, request));
}
