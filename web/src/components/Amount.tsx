import { useReadContracts } from "wagmi";
import type { Address } from "viem";

import { erc20PermitAbi } from "../lib/chain";
import { ETH, ETHER, formatPrice, shortAddress, type TokenInfo } from "../lib/format";

/** Symbol and decimals of a payment token: ETH, or read from the token through the wallet. */
export function useToken(token: string | null | undefined): { info: TokenInfo | null; isEth: boolean } {
  const isEth = !token || token.toLowerCase() === ETH;
  const reads = useReadContracts({
    contracts: [
      { address: token as Address, abi: erc20PermitAbi, functionName: "symbol" },
      { address: token as Address, abi: erc20PermitAbi, functionName: "decimals" },
    ],
    allowFailure: false,
    query: { enabled: !isEth, staleTime: Infinity },
  });
  if (isEth) return { info: ETHER, isEth };
  if (reads.data) return { info: { symbol: reads.data[0], decimals: reads.data[1] }, isEth };
  return { info: null, isEth };
}

/** An amount in its token's units; a token the wallet cannot describe yet is shown in base units. */
export function Amount({ value, token }: { value: string | bigint; token: string | null | undefined }) {
  const { info } = useToken(token);
  if (info) return <span className="amount">{formatPrice(value, info)}</span>;
  return (
    <span className="amount" title="Connect a wallet to read this token's symbol and decimals">
      {value.toString()} base units of token {shortAddress(token ?? "")}
    </span>
  );
}
