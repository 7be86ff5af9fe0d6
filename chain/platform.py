"""The platform admin, once for the three fee-taking contracts (contracts/platform/).

Marketplace, RentalEscrow and InstallmentPlans inherit the same Solidity admin
(``PlatformAdmin``: fee with its cap, fee recipient, deal recorder, pause, the pull-payment
ledger, two-step ownership) and the two escrows add ``PlatformArbitration`` (arbiter and
dispute timeout). Their clients inherit the matching class here, so each admin method is
written once. Reverts decode to the shared ``Platform*`` errors (``PlatformFeeTooHigh``,
``PlatformNotFeeRecipient``...), see :mod:`chain.reverts`.

Example:
    >>> admin = MarketplaceClient(w3, address, owner_account)  # doctest: +SKIP
    >>> admin.set_fee(250).event("FeeUpdated").args["feeBps"]  # doctest: +SKIP
    250
"""

from __future__ import annotations

from chain.contract import OwnableClient
from chain.tx import TxResult
from core.constants import ZERO_ADDRESS


class PlatformAdminClient(OwnableClient):
    """The admin and ledger every fee-taking Bazaar contract has (``IPlatformAdmin``)."""

    # ---------------------------------------------------------------- ledger

    def withdraw(self, token: str = ZERO_ADDRESS) -> TxResult:
        """Withdraw this account's credited balance of ``token``."""
        return self._transact("withdraw", token)

    def withdraw_fees(self, token: str = ZERO_ADDRESS) -> TxResult:
        """Withdraw platform fees in ``token`` (fee recipient only)."""
        return self._transact("withdrawFees", token)

    def owed(self, account: str, token: str) -> int:
        """Balance of ``token`` withdrawable by ``account``."""
        return int(self._call("owed", account, token))

    def fees_owed(self, token: str) -> int:
        """Fees in ``token`` withdrawable by the fee recipient."""
        return int(self._call("feesOwed", token))

    # ---------------------------------------------------------------- admin (owner only)

    def set_fee(self, fee_bps: int) -> TxResult:
        """Set the platform fee for deals created from now on (at most 500 bps, 5 %)."""
        return self._transact("setFee", fee_bps)

    def set_fee_recipient(self, fee_recipient: str) -> TxResult:
        """Set who may withdraw fees."""
        return self._transact("setFeeRecipient", fee_recipient)

    def set_deal_recorder(self, recorder: str) -> TxResult:
        """Set the Reputation contract that records deals (zero address: off)."""
        return self._transact("setDealRecorder", recorder)

    def pause(self) -> TxResult:
        """Stop new business (never blocks refunds, exits, settlements or withdrawals)."""
        return self._transact("pause")

    def unpause(self) -> TxResult:
        """Lift the pause."""
        return self._transact("unpause")


class PlatformArbitrationClient(PlatformAdminClient):
    """The escrows' admin (``IPlatformArbitration``): arbiter, timeout, one getter each."""

    def set_arbiter(self, arbiter: str) -> TxResult:
        """Set the dispute arbiter."""
        return self._transact("setArbiter", arbiter)

    def set_dispute_timeout(self, seconds: int) -> TxResult:
        """Set how long the arbiter has before the timeout fallback."""
        return self._transact("setDisputeTimeout", seconds)

    def fee_bps(self) -> int:
        """Platform fee for new listings and offers, in basis points."""
        return int(self._call("feeBps"))

    def fee_recipient(self) -> str:
        """Who may withdraw fees."""
        return str(self._call("feeRecipient"))

    def arbiter(self) -> str:
        """The dispute arbiter."""
        return str(self._call("arbiter"))

    def dispute_timeout(self) -> int:
        """Seconds the arbiter has before the dispute timeout fallback."""
        return int(self._call("disputeTimeout"))

    def deal_recorder(self) -> str:
        """The deal recorder (Reputation contract), zero address when off."""
        return str(self._call("dealRecorder"))

    def paused(self) -> bool:
        """Whether new business is paused."""
        return bool(self._call("paused"))

    def max_fee_bps(self) -> int:
        """Hard cap on the platform fee (``MAX_FEE_BPS``)."""
        return int(self._call("MAX_FEE_BPS"))

    def min_dispute_timeout(self) -> int:
        """Shortest dispute timeout (``MIN_DISPUTE_TIMEOUT``)."""
        return int(self._call("MIN_DISPUTE_TIMEOUT"))

    def max_dispute_timeout(self) -> int:
        """Longest dispute timeout (``MAX_DISPUTE_TIMEOUT``)."""
        return int(self._call("MAX_DISPUTE_TIMEOUT"))
