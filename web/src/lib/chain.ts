// The one place the app talks to the chain: the wagmi config (wallets found by EIP-6963),
// the chain it is bound to, and typed contract access built from the generated ABIs.
import { custom, defineChain, type Address, type EIP1193RequestFn } from "viem";
import { createConfig, injected } from "wagmi";
import { getConnection } from "wagmi/actions";

import { appConfig } from "./config";

export { marketplaceAbi, erc20PermitAbi } from "./abi/generated";
export { rentalEscrowAbi, installmentPlansAbi } from "./abi/generated";
export { reputationAbi } from "./abi/generated";

export const bazaarChain = defineChain({
  id: appConfig.chainId,
  name: appConfig.chainId === 31337 ? "Local chain (anvil)" : `Chain ${appConfig.chainId}`,
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  // The app never calls an RPC endpoint itself (nothing leaves its origin): reads and writes
  // go through the connected wallet, see `transports` below.
  rpcUrls: { default: { http: [] } },
});

// `multiInjectedProviderDiscovery` (on by default) turns every wallet that announces itself
// by EIP-6963 into a connector; `injected()` adds window.ethereum for wallets that do not.
//
// Reads go through the wallet the user connected (whichever EIP-6963 announced it), so no
// RPC URL is configured and nothing is fetched from another origin.
const throughConnectedWallet = custom({
  async request(args: Parameters<EIP1193RequestFn>[0]) {
    const { connector } = getConnection(wagmiConfig);
    if (!connector) throw new Error("Connect a wallet first: the storefront reads the chain through it.");
    const provider = (await connector.getProvider()) as { request: EIP1193RequestFn };
    return provider.request(args);
  },
});

export const wagmiConfig = createConfig({
  chains: [bazaarChain],
  connectors: [injected()],
  transports: { [bazaarChain.id]: throughConnectedWallet },
});

declare module "wagmi" {
  interface Register {
    config: typeof wagmiConfig;
  }
}

export type { Address };
