import { BaseError, ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";

import { marketplaceAbi } from "./abi/generated";
import { ApiError } from "./api";
import { decodeRevertData, explain } from "./errors";

const revert = (errorName: string, args: readonly unknown[]) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  encodeErrorResult({ abi: marketplaceAbi, errorName: errorName as any, args: args as any });

function reverted(data: `0x${string}`) {
  const cause = new ContractFunctionRevertedError({ abi: marketplaceAbi, data, functionName: "buy" });
  return new ContractFunctionExecutionError(cause, { abi: marketplaceAbi, functionName: "buy", args: [] });
}

describe("reverts as sentences", () => {
  it("decodes a custom error against the generated ABI", () => {
    expect(decodeRevertData(revert("MarketplaceInsufficientStock", [7n, 0n, 1n]))).toEqual({
      name: "MarketplaceInsufficientStock",
      args: [7n, 0n, 1n],
    });
  });
  it("says what went wrong and what to do", () => {
    expect(explain(reverted(revert("MarketplaceInsufficientStock", [7n, 2n, 3n])))).toBe("Only 2 left, and you asked for 3. Lower the quantity.");
    expect(explain(reverted(revert("PaymentsWrongValue", [10n ** 17n, 2n * 10n ** 17n])))).toBe(
      "The payment sent 0.1 ETH but the price is 0.2 ETH. The price may have changed: reload and try again.",
    );
    expect(explain(reverted(revert("MarketplaceInvalidOrderStatus", [5n, 2])))).toMatch(/^This order is shipped/);
  });
  it("names an error it has no sentence for", () => {
    expect(explain(reverted(revert("PlatformZeroAddress", [])))).toBe("The contract refused with PlatformZeroAddress().");
  });
  it("explains a declined wallet request and an API error", () => {
    const declined = new BaseError("declined", { cause: new UserRejectedRequestError(new Error("User rejected")) });
    expect(explain(declined)).toBe("You declined the request in your wallet; nothing was sent.");
    expect(explain(new ApiError(404, "ResourceNotFound", "no listing 9 (yet: the indexer may be behind)"))).toBe(
      "no listing 9 (yet: the indexer may be behind)",
    );
  });
});
