// What the API process tells the app about the deployment it serves: the chain id and the
// addresses of the contracts its indexer follows. api/web.py renders it into the app shell as
// <script id="bazaar-config" type="application/json">, so no address is ever typed by hand.
import type { Address } from "viem";

export type AppConfig = {
  chainId: number;
  contracts: Partial<Record<"Marketplace" | "RentalEscrow" | "InstallmentPlans" | "Reputation" | "ReviewCredits", Address>>;
  /** Symbol and decimals of the payment tokens the operator labelled (the API's token_labels). */
  tokens?: Record<string, { symbol: string; decimals: number }>;
};

function readConfig(): AppConfig {
  const element = typeof document === "undefined" ? null : document.getElementById("bazaar-config");
  if (!element?.textContent) {
    return { chainId: 31337, contracts: {} };
  }
  return JSON.parse(element.textContent) as AppConfig;
}

export const appConfig: AppConfig = readConfig();

export function marketplaceAddress(): Address {
  const address = appConfig.contracts.Marketplace;
  if (!address) {
    throw new Error(
      "The API does not know the Marketplace yet: its indexer has not started. Try again in a moment.",
    );
  }
  return address;
}

function contractAddress(name: "RentalEscrow" | "InstallmentPlans"): Address {
  const address = appConfig.contracts[name];
  if (!address) {
    throw new Error(`The API does not know the ${name} contract yet: its indexer has not started. Try again in a moment.`);
  }
  return address;
}

export const rentalEscrowAddress = (): Address => contractAddress("RentalEscrow");
export const installmentPlansAddress = (): Address => contractAddress("InstallmentPlans");

/** The label the API rendered for `token` (any address case), so amounts read right before a wallet connects. */
export function tokenLabel(token: string): { symbol: string; decimals: number } | null {
  const wanted = token.toLowerCase();
  const found = Object.entries(appConfig.tokens ?? {}).find(([address]) => address.toLowerCase() === wanted);
  return found ? found[1] : null;
}
