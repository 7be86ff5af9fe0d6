"""A minimal ERC-20 (+ EIP-2612 permit) client: approvals, balances, permit signing.

The ABI is the standard one, embedded so any token works without an artifact.

Example:
    >>> token = Erc20Client(w3, token_address, buyer)  # doctest: +SKIP
    >>> token.approve(marketplace_address, 10**18)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from web3.exceptions import BadFunctionCallOutput, ContractLogicError

from chain.artifacts import AbiElement
from chain.contract import ContractClient
from chain.errors import ContractRevertError
from chain.signing import Permit, sign_permit
from chain.tx import TxResult


def _fn(name: str, inputs: list[tuple[str, str]], outputs: list[str], view: bool) -> AbiElement:
    return {
        "type": "function",
        "name": name,
        "inputs": [{"name": n, "type": t} for n, t in inputs],
        "outputs": [{"name": "", "type": t} for t in outputs],
        "stateMutability": "view" if view else "nonpayable",
    }


ERC20_ABI: tuple[AbiElement, ...] = (
    _fn("name", [], ["string"], True),
    _fn("symbol", [], ["string"], True),
    _fn("decimals", [], ["uint8"], True),
    _fn("totalSupply", [], ["uint256"], True),
    _fn("balanceOf", [("account", "address")], ["uint256"], True),
    _fn("allowance", [("owner", "address"), ("spender", "address")], ["uint256"], True),
    _fn("approve", [("spender", "address"), ("value", "uint256")], ["bool"], False),
    _fn("transfer", [("to", "address"), ("value", "uint256")], ["bool"], False),
    _fn("nonces", [("owner", "address")], ["uint256"], True),
    _fn(
        "eip712Domain",
        [],
        ["bytes1", "string", "string", "uint256", "address", "bytes32", "uint256[]"],
        True,
    ),
)

DEFAULT_PERMIT_TTL = 60 * 60


class Erc20Client(ContractClient):
    """An ERC-20 token, optionally with EIP-2612 permits."""

    contract_name = "ERC20"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Same arguments as :class:`~chain.contract.ContractClient`; the ABI is standard."""
        kwargs.setdefault("abi", ERC20_ABI)
        super().__init__(*args, **kwargs)

    def name(self) -> str:
        """The token's name."""
        return str(self._call("name"))

    def symbol(self) -> str:
        """The token's symbol."""
        return str(self._call("symbol"))

    def decimals(self) -> int:
        """The token's decimals."""
        return int(self._call("decimals"))

    def balance_of(self, account: str) -> int:
        """Balance of ``account``."""
        return int(self._call("balanceOf", account))

    def allowance(self, owner: str, spender: str) -> int:
        """What ``spender`` may still take from ``owner``."""
        return int(self._call("allowance", owner, spender))

    def nonces(self, owner: str) -> int:
        """The next EIP-2612 permit nonce of ``owner``."""
        return int(self._call("nonces", owner))

    def approve(self, spender: str, amount: int) -> TxResult:
        """Allow ``spender`` (e.g. the Marketplace) to take ``amount`` from this account."""
        return self._transact("approve", spender, amount)

    def ensure_allowance(self, spender: str, amount: int) -> TxResult | None:
        """Approve ``amount`` unless the allowance already covers it; ``None`` if it does."""
        if self.allowance(self.transactor.account.address, spender) >= amount:
            return None
        return self.approve(spender, amount)

    def transfer(self, to: str, amount: int) -> TxResult:
        """Send ``amount`` to ``to``."""
        return self._transact("transfer", to, amount)

    def permit_domain(self) -> tuple[str, str]:
        """The token's EIP-712 (name, version), from EIP-5267 ``eip712Domain`` if it has it."""
        try:
            domain = self._call("eip712Domain")
            return str(domain[1]), str(domain[2])
        except (ContractRevertError, ContractLogicError, BadFunctionCallOutput):
            return self.name(), "1"

    def sign_permit(self, spender: str, value: int, deadline: int | None = None) -> Permit:
        """Sign a permit from this client's account for ``spender`` to take ``value``.

        Args:
            spender: Who may take the tokens (the Marketplace for ``buyWithPermit``).
            value: Amount.
            deadline: Unix time the permit expires; default one hour after the latest block.
        """
        owner = self.transactor.account
        name, version = self.permit_domain()
        if deadline is None:
            deadline = int(self.w3.eth.get_block("latest")["timestamp"]) + DEFAULT_PERMIT_TTL
        return sign_permit(
            owner,
            token=self.address,
            token_name=name,
            token_version=version,
            spender=spender,
            value=value,
            nonce=self.nonces(owner.address),
            deadline=deadline,
            chain_id=self.w3.eth.chain_id,
        )
