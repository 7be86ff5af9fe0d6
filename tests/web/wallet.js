// A test wallet injected before the storefront loads (page.add_init_script): an EIP-1193
// provider that announces itself by EIP-6963 and hands every JSON-RPC request to the test
// process (window.__bazaarRpc, a Playwright binding), which forwards it to anvil. Anvil signs
// for its unlocked dev accounts (eth_sendTransaction, eth_signTypedData_v4, personal_sign), so
// the page itself never talks to anything but its own origin.
(() => {
  const config = window.__bazaarTestWallet; // {account, chainId}, set by the init script
  const chainId = "0x" + config.chainId.toString(16);
  const listeners = {};
  // Like a real wallet, it remembers that this origin was allowed to see the account.
  const GRANT = "__bazaarTestWalletGranted";
  let accounts = localStorage.getItem(GRANT) === config.account ? [config.account] : [];
  const emit = (event, value) => (listeners[event] || []).forEach((fn) => fn(value));

  class ProviderRpcError extends Error {
    constructor(error) {
      super(error.message);
      this.code = error.code;
      if (error.data !== undefined) this.data = error.data;
    }
  }

  async function forward(method, params) {
    const answer = await window.__bazaarRpc(method, params ?? []);
    if (answer.error) throw new ProviderRpcError(answer.error);
    return answer.result;
  }

  const provider = {
    isBazaarTestWallet: true,
    async request({ method, params }) {
      switch (method) {
        case "eth_requestAccounts":
          accounts = [config.account];
          localStorage.setItem(GRANT, config.account);
          emit("connect", { chainId });
          emit("accountsChanged", accounts);
          return accounts;
        case "eth_accounts":
          return accounts;
        case "eth_chainId":
          return chainId;
        case "net_version":
          return String(config.chainId);
        case "wallet_switchEthereumChain":
          if (params?.[0]?.chainId?.toLowerCase() === chainId) return null;
          throw new ProviderRpcError({ code: 4902, message: "Unrecognized chain." });
        case "wallet_requestPermissions":
        case "wallet_getPermissions":
          return [{ parentCapability: "eth_accounts" }];
        case "wallet_revokePermissions":
          accounts = [];
          localStorage.removeItem(GRANT);
          emit("accountsChanged", accounts);
          return null;
        case "eth_sendTransaction":
        case "eth_signTypedData_v4":
        case "personal_sign":
          if (!accounts.length) throw new ProviderRpcError({ code: 4100, message: "Not connected." });
          return forward(method, params);
        default:
          return forward(method, params);
      }
    },
    on(event, fn) {
      (listeners[event] = listeners[event] || []).push(fn);
      return provider;
    },
    removeListener(event, fn) {
      listeners[event] = (listeners[event] || []).filter((f) => f !== fn);
      return provider;
    },
  };

  const info = Object.freeze({
    uuid: crypto.randomUUID(),
    name: "Bazaar Test Wallet",
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%230f6d5f'/%3E%3C/svg%3E",
    rdns: "org.bazaar.testwallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();
