import { useState } from "react";
import type { Address } from "viem";
import { useConnection } from "wagmi";

import { explain } from "../../lib/errors";
import { signIn } from "../../lib/siwe";

/**
 * A social write (like, follow, comment, profile): signs in with Ethereum the first time in
 * this page's life (one signature per session, lib/siwe.ts), then calls the API with the
 * token. `error` is the API's or the wallet's sentence.
 */
export function useSignedIn() {
  const { address } = useConnection();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function write<T>(call: (token: string, me: Address) => Promise<T>): Promise<T | null> {
    setError(null);
    if (!address) {
      setError("Connect a wallet first (top right): you sign in with it, no account needed.");
      return null;
    }
    setBusy(true);
    try {
      return await call(await signIn(address), address);
    } catch (failure) {
      setError(explain(failure));
      return null;
    } finally {
      setBusy(false);
    }
  }

  return { address, busy, error, write };
}
