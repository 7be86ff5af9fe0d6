"""Sign locally, send, wait: transactions that work on any RPC.

A :class:`Transactor` fills in nonce, chain id and EIP-1559 fees (legacy gas price on chains
without a base fee), estimates gas, which also simulates the call so a revert is decoded
into :class:`~chain.errors.ContractRevertError` before anything is sent, signs with an
eth-account ``LocalAccount``, sends the raw transaction and waits for the receipt.

Example:
    >>> sender = Transactor(w3, account)  # doctest: +SKIP
    >>> tx = {"to": address, "data": calldata}  # doctest: +SKIP
    >>> result = sender.send(tx, contract="Marketplace")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from eth_account.signers.local import LocalAccount
from hexbytes import HexBytes
from web3 import Web3
from web3.exceptions import ContractLogicError, TimeExhausted, Web3Exception
from web3.types import TxParams, TxReceipt

from chain.errors import ContractRevertError, TransactionError, TransactionFailedError
from chain.events import DecodedEvent, EventRegistry
from chain.reverts import RevertDecoder

GAS_MARGIN = 1.2
RECEIPT_TIMEOUT = 180.0


@dataclass(frozen=True)
class TxResult:
    """A mined, successful transaction.

    Attributes:
        tx_hash: 0x-hex transaction hash.
        receipt: The node's receipt.
        gas_used: Gas the transaction used.
        events: Logs of the receipt decoded by the event registry (unknown logs skipped).
    """

    tx_hash: str
    receipt: TxReceipt
    gas_used: int
    events: tuple[DecodedEvent, ...]

    @property
    def block_number(self) -> int:
        """Block the transaction was mined in."""
        return int(self.receipt["blockNumber"])

    @property
    def contract_address(self) -> str | None:
        """Address of the contract a deployment created (``None`` for calls)."""
        address = self.receipt.get("contractAddress")
        return str(address) if address else None

    def events_named(self, name: str) -> list[DecodedEvent]:
        """Every decoded event called ``name``, in log order."""
        return [event for event in self.events if event.event == name]

    def event(self, name: str) -> DecodedEvent:
        """The first decoded event called ``name``.

        Raises:
            TransactionError: The transaction emitted no such event.
        """
        found = self.events_named(name)
        if not found:
            emitted = ", ".join(event.event for event in self.events) or "none"
            raise TransactionError(f"{self.tx_hash} emitted no {name} (emitted: {emitted})")
        return found[0]


def revert_data(exc: ContractLogicError) -> str | None:
    """The raw revert data web3 attached to a ``ContractLogicError``, as 0x-hex."""
    data = exc.data
    if isinstance(data, Mapping):  # some providers nest it as {"data": "0x..."}
        data = data.get("data")
    return data if isinstance(data, str) else None


class Transactor:
    """Builds, signs and sends transactions from one local account."""

    def __init__(
        self,
        w3: Web3,
        account: LocalAccount,
        *,
        decoder: RevertDecoder | None = None,
        registry: EventRegistry | None = None,
        receipt_timeout: float = RECEIPT_TIMEOUT,
    ) -> None:
        """Bind a web3 and an account; decoder and registry default to all artifacts."""
        self.w3 = w3
        self.account = account
        self.decoder = decoder or RevertDecoder.from_artifacts()
        self.registry = registry or EventRegistry.from_artifacts()
        self.receipt_timeout = receipt_timeout

    def fees(self) -> dict[str, int]:
        """EIP-1559 fee fields for the next block, or a legacy ``gasPrice``."""
        latest = self.w3.eth.get_block("latest")
        base_fee = latest.get("baseFeePerGas")
        if base_fee is None:
            return {"gasPrice": int(self.w3.eth.gas_price)}
        priority = int(self.w3.eth.max_priority_fee)
        return {"maxPriorityFeePerGas": priority, "maxFeePerGas": 2 * int(base_fee) + priority}

    def prepare(self, tx: TxParams, *, contract: str) -> TxParams:
        """Fill in sender, nonce, chain id, fees and gas; simulates the call on the way.

        Raises:
            ContractRevertError: The call would revert; the error is decoded.
            TransactionError: The node refused the estimate (e.g. no funds for gas).
        """
        params: dict[str, Any] = {"value": 0, **tx}
        params["from"] = self.account.address
        params["chainId"] = self.w3.eth.chain_id
        params["nonce"] = self.w3.eth.get_transaction_count(self.account.address, "pending")
        params.update(self.fees())
        if "gas" not in params:
            try:
                estimate = self.w3.eth.estimate_gas(cast(TxParams, params))
            except ContractLogicError as exc:
                raise self.decoder.decode(revert_data(exc), contract=contract) from exc
            except (Web3Exception, ValueError) as exc:  # e.g. the sender cannot pay for gas
                balance = self.w3.eth.get_balance(self.account.address)
                hint = f"; {self.account.address} holds no ETH: fund it" if balance == 0 else ""
                raise TransactionError(
                    f"cannot estimate gas for the {contract} transaction from "
                    f"{self.account.address} ({exc}){hint}"
                ) from exc
            params["gas"] = int(estimate * GAS_MARGIN)
        return cast(TxParams, params)

    def send(self, tx: TxParams, *, contract: str) -> TxResult:
        """Prepare, sign, send and wait for ``tx``; return the decoded result.

        Args:
            tx: At least ``to`` (omit for deployments) and ``data``; ``value`` defaults to 0.
            contract: Name of the called contract, used in error messages.

        Raises:
            ContractRevertError: The call reverts (decoded before sending when possible).
            TransactionFailedError: It was mined but failed without decodable revert data.
            TransactionError: The node rejected it or no receipt came in time.
        """
        params = self.prepare(tx, contract=contract)
        signed = self.account.sign_transaction(cast(dict[str, Any], params))
        try:
            tx_hash = self.w3.eth.send_raw_transaction(signed.raw_transaction)
            receipt = self.w3.eth.wait_for_transaction_receipt(
                tx_hash, timeout=self.receipt_timeout
            )
        except TimeExhausted as exc:
            raise TransactionError(
                f"no receipt for {HexBytes(signed.hash).to_0x_hex()} after "
                f"{self.receipt_timeout:.0f}s; check the node and the fees, then retry"
            ) from exc
        except (Web3Exception, ValueError) as exc:
            raise TransactionError(f"the node rejected the {contract} transaction: {exc}") from exc
        hex_hash = HexBytes(tx_hash).to_0x_hex()
        if receipt["status"] != 1:
            raise self._failure(params, receipt, hex_hash, contract)
        events = self.registry.decode_logs(receipt["logs"], skip_unknown=True)
        return TxResult(hex_hash, receipt, int(receipt["gasUsed"]), tuple(events))

    def _failure(
        self, params: TxParams, receipt: TxReceipt, tx_hash: str, contract: str
    ) -> ContractRevertError | TransactionFailedError:
        """Replay a failed transaction at its block to recover the revert reason."""
        replay: dict[str, Any] = {
            key: params[key] for key in ("from", "to", "data", "value") if key in params
        }
        try:
            self.w3.eth.call(cast(TxParams, replay), receipt["blockNumber"] - 1)
        except ContractLogicError as exc:
            return self.decoder.decode(revert_data(exc), contract=contract)
        except (Web3Exception, ValueError):
            pass
        return TransactionFailedError(
            f"{contract} transaction {tx_hash} failed in block {receipt['blockNumber']} "
            f"(gas used {receipt['gasUsed']} of {params.get('gas')}); "
            "it may have run out of gas or the state changed since it was simulated"
        )
