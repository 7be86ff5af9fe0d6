"""Base of the typed contract clients: calls and transactions with decoded reverts.

Example:
    >>> class Token(ContractClient):
    ...     contract_name = "TestToken"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Self

from eth_account.signers.local import LocalAccount
from eth_utils.address import to_checksum_address
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ContractLogicError
from web3.types import BlockIdentifier, TxParams, Wei

from chain.artifacts import AbiElement, load_artifact
from chain.errors import ChainError
from chain.events import EventRegistry
from chain.manifest import DeploymentManifest
from chain.reverts import RevertDecoder
from chain.tx import Transactor, TxResult, revert_data


def to_bytes32(value: str | bytes) -> bytes:
    """A bytes32 argument from 0x-hex or bytes.

    Raises:
        ChainError: The value is not exactly 32 bytes.
    """
    raw = bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)
    if len(raw) != 32:
        raise ChainError(
            f"expected 32 bytes, got {len(raw)}: pass a 0x-prefixed 64-hex-digit value"
        )
    return raw


class ContractClient:
    """A deployed contract, called through web3 with reverts decoded into ContractRevertError.

    Subclasses set :attr:`contract_name` (the artifact) and add one typed method per
    contract function on top of :meth:`_call` and :meth:`_transact`.
    """

    contract_name: ClassVar[str]

    def __init__(
        self,
        w3: Web3,
        address: str,
        account: LocalAccount | None = None,
        *,
        abi: Sequence[AbiElement] | None = None,
        decoder: RevertDecoder | None = None,
        registry: EventRegistry | None = None,
        deploy_block: int = 0,
    ) -> None:
        """Bind the contract at ``address``.

        Args:
            w3: Connected web3.
            address: Contract address.
            account: Local account that signs transactions; ``None`` for a read-only client.
            abi: ABI to use instead of the artifact's.
            decoder: Revert decoder (default: every artifact's errors).
            registry: Event registry (default: every artifact's events, this address named).
            deploy_block: Block the contract was deployed in; log searches start there.
        """
        self.w3 = w3
        self.address = to_checksum_address(address)
        self.account = account
        self.abi: tuple[AbiElement, ...] = tuple(
            abi if abi is not None else load_artifact(self.contract_name).abi
        )
        self.contract: Contract = w3.eth.contract(address=self.address, abi=list(self.abi))
        self.decoder = decoder or RevertDecoder.from_artifacts()
        self.registry = registry or EventRegistry.from_artifacts(
            addresses={self.address: self.contract_name}
        )
        self.deploy_block = deploy_block
        self._transactor: Transactor | None = None

    @classmethod
    def from_manifest(
        cls, w3: Web3, manifest: DeploymentManifest, account: LocalAccount | None = None
    ) -> Self:
        """The client for this contract's deployment in ``manifest``."""
        deployment = manifest.get(cls.contract_name)
        registry = EventRegistry.from_artifacts(addresses=manifest.address_map())
        return cls(
            w3,
            deployment.address,
            account,
            registry=registry,
            deploy_block=deployment.deploy_block,
        )

    @property
    def transactor(self) -> Transactor:
        """The transactor of this client's account.

        Raises:
            ChainError: The client was made without an account.
        """
        if self.account is None:
            raise ChainError(
                f"this {self.contract_name} client is read-only; pass account=... to send"
            )
        if self._transactor is None:
            self._transactor = Transactor(
                self.w3, self.account, decoder=self.decoder, registry=self.registry
            )
        return self._transactor

    def function_abi(self, name: str) -> Mapping[str, Any]:
        """The ABI of function ``name``.

        Raises:
            ChainError: The ABI has no such function (the artifact is out of date?).
        """
        for element in self.abi:
            if element.get("type") == "function" and element.get("name") == name:
                return element
        raise ChainError(f"{self.contract_name} has no function {name}; run `make build`")

    def components(self, function: str, index: int = 0, *, outputs: bool = False) -> list[Any]:
        """Struct components of input (or output) ``index`` of ``function``."""
        params = self.function_abi(function)["outputs" if outputs else "inputs"]
        return list(params[index]["components"])

    def _call(self, name: str, *args: Any, block: BlockIdentifier = "latest") -> Any:
        """Call a view function; reverts raise :class:`~chain.errors.ContractRevertError`."""
        sender: TxParams = {"from": self.account.address} if self.account else {}
        try:
            return self.contract.functions[name](*args).call(sender, block_identifier=block)
        except ContractLogicError as exc:
            raise self.decoder.decode(revert_data(exc), contract=self.contract_name) from exc

    def _transact(self, name: str, *args: Any, value: int = 0) -> TxResult:
        """Send a transaction calling ``name``; it is simulated first and reverts decoded."""
        data = self.contract.encode_abi(name, args=list(args))
        return self.transactor.send(
            {"to": self.address, "data": data, "value": Wei(value)}, contract=self.contract_name
        )


class OwnableClient(ContractClient):
    """A contract with OpenZeppelin's two-step ownership (``Ownable2Step``): the calls every
    owned Bazaar contract shares, written once."""

    def transfer_ownership(self, new_owner: str) -> TxResult:
        """Start a two-step ownership transfer to ``new_owner``."""
        return self._transact("transferOwnership", new_owner)

    def accept_ownership(self) -> TxResult:
        """Accept a pending ownership transfer (the new owner)."""
        return self._transact("acceptOwnership")

    def renounce_ownership(self) -> TxResult:
        """Give up ownership for good: no owner-only function can be called afterwards.
        Irreversible."""
        return self._transact("renounceOwnership")

    def owner(self) -> str:
        """The contract owner (admin)."""
        return str(self._call("owner"))

    def pending_owner(self) -> str:
        """The owner-to-be of a two-step ownership transfer, zero address if none."""
        return str(self._call("pendingOwner"))
