"""One-request transactions against anvil, for the long randomized runs.

Through ape a transaction costs about fifteen JSON-RPC requests (nonce, fee history, code
checks, a trace of every transaction) and through web3.py about six. Anvil's dev accounts
are unlocked and it implements ``eth_sendTransactionSync``, which mines the transaction and
returns its receipt in one request. The invariant run sends well over a thousand
transactions, so this is what keeps it within its time budget. Unit tests use ape.
"""

from __future__ import annotations

from typing import Any

from eth_utils import keccak


class TransactionReverted(AssertionError):
    """A transaction the model expected to succeed reverted on chain."""


class FastChain:
    def __init__(self, web3: Any, *contracts: Any) -> None:
        self._provider = web3.provider
        self._errors: dict[bytes, str] = {}
        for contract in contracts:
            for error in contract.contract_type.errors:
                self._errors[keccak(text=error.selector)[:4]] = error.selector

    def _request(self, method: str, params: list[Any]) -> Any:
        response = self._provider.make_request(method, params)
        if "error" in response:
            raise RuntimeError(f"{method} failed: {response['error']}")
        return response["result"]

    def set_next_timestamp(self, timestamp: int) -> None:
        self._request("evm_setNextBlockTimestamp", [timestamp])

    def send(self, sender: str, to: str, data: bytes, value: int = 0) -> dict[str, Any]:
        """Mine one transaction from an unlocked account; raise if it reverts."""
        tx = {
            "from": sender,
            "to": to,
            "data": "0x" + bytes(data).hex(),
            "value": hex(value),
            "gas": hex(3_000_000),
        }
        receipt: dict[str, Any] = self._request("eth_sendTransactionSync", [tx])
        if int(receipt["status"], 16) != 1:
            raise TransactionReverted(f"{self._explain(tx, receipt)} in {tx}")
        return receipt

    def call(self, to: str, data: bytes) -> bytes:
        result = self._request("eth_call", [{"to": to, "data": "0x" + bytes(data).hex()}, "latest"])
        return bytes.fromhex(result[2:])

    def _explain(self, tx: dict[str, Any], receipt: dict[str, Any]) -> str:
        """Replay a reverted transaction on its parent block to name the custom error."""
        parent = hex(int(receipt["blockNumber"], 16) - 1)
        response = self._provider.make_request("eth_call", [tx, parent])
        data = (response.get("error") or {}).get("data") or "0x"
        raw = bytes.fromhex(data[2:]) if isinstance(data, str) else b""
        name = self._errors.get(raw[:4], "unknown error")
        return f"reverted with {name} ({data})"
