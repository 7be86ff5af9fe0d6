// What the API process tells the app about the deployment it serves: the chain id and the
// addresses of the contracts its indexer follows. api/web.py renders it into the app shell as
// <script id="bazaar-config" type="application/json">, so no address is ever typed by hand.
import type { Address } from "viem";

export type AppConfig = {
  chainId: number;
  contracts: Partial<Record<"Marketplace" | "RentalEscrow" | "InstallmentPlans" | "Reputation" | "ReviewCredits", Address>>;
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
