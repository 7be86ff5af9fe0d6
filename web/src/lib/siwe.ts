// Sign-In with Ethereum (EIP-4361) against the API: the nonce names the domain and URI the
// message must carry (the storefront's own origin), the wallet signs with personal_sign.
import type { Address } from "viem";
import { createSiweMessage } from "viem/siwe";
import { signMessage } from "wagmi/actions";

import { sendJson } from "./api";
import { wagmiConfig } from "./chain";

type Nonce = { nonce: string; domain: string; uri: string; chain_id: number; statement: string };
type SignedIn = { token: string; address: string; expires_at: number };

const sessions = new Map<string, string>();

/** A session token for `address`, signing in once per page load. */
export async function signIn(address: Address): Promise<string> {
  const known = sessions.get(address.toLowerCase());
  if (known) return known;
  const nonce = await sendJson<Nonce>("POST", "/v1/auth/nonce", {});
  const message = createSiweMessage({
    // EIP-4361: a message without a scheme means https; say the URI's own.
    scheme: new URL(nonce.uri).protocol.replace(/:$/, ""),
    domain: nonce.domain,
    address,
    statement: nonce.statement,
    uri: nonce.uri,
    version: "1",
    chainId: nonce.chain_id,
    nonce: nonce.nonce,
    issuedAt: new Date(),
  });
  const signature = await signMessage(wagmiConfig, { account: address, message });
  const session = await sendJson<SignedIn>("POST", "/v1/auth/verify", { message, signature });
  sessions.set(address.toLowerCase(), session.token);
  return session.token;
}
