import { useReadContracts } from "wagmi";
import type { Address } from "viem";

import { erc20PermitAbi } from "../lib/chain";
import { tokenLabel } from "../lib/config";
import { ETH, ETHER, formatPrice, shortAddress, type TokenInfo } from "../lib/format";

/**
 * Symbol and decimals of a payment token: ETH, the label the API rendered into the shell
 * (known before any wallet connects), or else read from the token through the wallet.
 */
export function useToken(token: string | null | undefined): { info: TokenInfo | null; isEth: boolean } {
  const isEth = !token || token.toLowerCase() === ETH;
  const label = isEth || !token ? null : tokenLabel(token);
  const reads = useReadContracts({
    contracts: [
      { address: token as Address, abi: erc20PermitAbi, functionName: "symbol" },
      { address: token as Address, abi: erc20PermitAbi, functionName: "decimals" },
    ],
    allowFailure: false,
    query: { enabled: !isEth && !label, staleTime: Infinity },
  });
  if (isEth) return { info: ETHER, isEth };
  if (label) return { info: label, isEth };
  if (reads.data) return { info: { symbol: reads.data[0], decimals: reads.data[1] }, isEth };
  return { info: null, isEth };
}

/** An amount in its token's units; a token the wallet cannot describe yet is shown in base units. */
export function Amount({ value, token }: { value: string | bigint; token: string | null | undefined }) {
  const { info } = useToken(token);
  if (info) return <span className="amount">{formatPrice(value, info)}</span>;
  return (
    <span className="amount" title="This token is not labelled by the API: connect a wallet to read its symbol and decimals">
      {value.toString()} base units of token {shortAddress(token ?? "")}
    </span>
  );
}
