import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { readContract, signTypedData, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";

import type { TxStep } from "../../components/TxStatus";
import { marketplaceAbi, wagmiConfig } from "../../lib/chain";
import { marketplaceAddress } from "../../lib/config";
import { explain } from "../../lib/errors";
import { deriveShippingKey, shippingKeyTypedData, type ShippingKey } from "../../lib/sellerKey";

/** The seller's shipping key: derived from one signature, kept in memory only, published once. */
export function useShippingKey(account: Address) {
  const client = useQueryClient();
  const [key, setKey] = useState<ShippingKey | null>(null);
  const [state, setState] = useState<TxStep>({ step: "idle" });
  const published = useQuery({
    queryKey: ["encryptionKeyOf", account],
    queryFn: () => readContract(wagmiConfig, { address: marketplaceAddress(), abi: marketplaceAbi, functionName: "encryptionKeyOf", args: [account] }),
  });

  async function unlock() {
    try {
      setState({ step: "signature", what: "sign the shipping-key message (it costs nothing)" });
      const signature = await signTypedData(wagmiConfig, { account, ...shippingKeyTypedData(account) });
      setKey(await deriveShippingKey(account, signature));
      setState({ step: "idle" });
    } catch (error) {
      setState({ step: "failed", message: explain(error) });
    }
  }

  async function publish() {
    if (!key) return;
    try {
      setState({ step: "preparing", what: "Checking the transaction" });
      const { request } = await simulateContract(wagmiConfig, {
        account,
        address: marketplaceAddress(),
        abi: marketplaceAbi,
        functionName: "publishEncryptionKey",
        args: [key.publicKey],
      });
      setState({ step: "signature", what: "publish your shipping key" });
      const hash = await writeContract(wagmiConfig, request);
      setState({ step: "pending", what: "publish", hash });
      const receipt = await waitForTransactionReceipt(wagmiConfig, { hash });
      if (receipt.status !== "success") throw new Error(`The transaction ${hash} was reverted on chain.`);
      setState({ step: "done", message: "Your shipping key is published: buyers can now send you sealed addresses.", hash });
      await client.invalidateQueries({ queryKey: ["encryptionKeyOf", account] });
    } catch (error) {
      setState({ step: "failed", message: explain(error) });
    }
  }

  return { key, published: published.data, state, unlock, publish };
}
