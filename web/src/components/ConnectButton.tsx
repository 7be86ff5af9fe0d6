import { useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect } from "wagmi";

import { explain } from "../lib/errors";
import { shortAddress } from "../lib/format";

/** Connect a wallet found by EIP-6963 (or window.ethereum), or show the connected account. */
export function ConnectButton() {
  const { address, connector, status } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const [open, setOpen] = useState(false);

  if (status === "connected" && address) {
    return (
      <div className="account">
        <span className="account-address" data-testid="account" title={address}>
          {connector?.name ? `${connector.name} · ` : ""}
          {shortAddress(address)}
        </span>
        <button type="button" className="link" onClick={() => disconnect.mutate()}>
          Disconnect
        </button>
      </div>
    );
  }
  // The EIP-6963 wallets first; the generic window.ethereum connector only when it is alone.
  const announced = connectors.filter((c) => c.id !== "injected");
  const choices = announced.length ? announced : connectors;
  return (
    <div className="account">
      <button type="button" onClick={() => setOpen(!open)} disabled={status === "connecting"}>
        {status === "connecting" ? "Connecting…" : "Connect wallet"}
      </button>
      {open && (
        <div className="menu" role="menu">
          {choices.length === 0 && <p>No wallet found in this browser. Install a wallet extension, then reload.</p>}
          {choices.map((c) => (
            <button
              key={c.uid}
              type="button"
              role="menuitem"
              onClick={() => connect.mutate({ connector: c }, { onSuccess: () => setOpen(false) })}
            >
              {c.icon?.startsWith("data:image/") && <img src={c.icon} alt="" width={18} height={18} />} {c.name}
            </button>
          ))}
          {connect.error && <p className="error">{explain(connect.error)}</p>}
        </div>
      )}
    </div>
  );
}
