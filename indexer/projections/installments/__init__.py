"""The InstallmentPlans projection: plan listings, plans, installments, history, payouts.

Every event of the InstallmentPlans ABI is handled here or listed in ``ignored``; the tests
check that. A completed plan is a deal (``kind = installment``) exactly as ``_recordDeal``
reports it: everything the buyer paid, and the platform fee on it.
"""

from __future__ import annotations

from indexer.models.installments import (
    Installment,
    Plan,
    PlanEvent,
    PlanListing,
    PlanOfferNonce,
)
from indexer.models.marketplace import MarketplaceSettings, Payout
from indexer.models.reputation import Deal, SellerReputation, SellerVolume
from indexer.projections.base import Projection
from indexer.projections.installments import exits, listings, payments
from indexer.projections.marketplace.accounts import (
    SETTINGS_HANDLERS,
    on_fees_withdrawn,
    on_withdrawn,
)

PROJECTION = Projection(
    contract="InstallmentPlans",
    handlers={
        "PlanListingCreated": listings.on_listing_created,
        "PlanListingUpdated": listings.on_listing_updated,
        "PlanListingClosed": listings.on_listing_closed,
        "NonceCancelled": listings.on_nonce_cancelled,
        "PlanStarted": payments.on_plan_started,
        "InstallmentPaid": payments.on_installment_paid,
        "LateFeeCharged": payments.on_late_fee_charged,
        "CollectionFailed": payments.on_collection_failed,
        "PlanPaidOff": payments.on_plan_paid_off,
        "PlanCompleted": payments.on_plan_completed,
        "PlanDefaulted": exits.on_plan_defaulted,
        "PlanCancelled": exits.on_plan_cancelled,
        "PlanProceedsSettled": exits.on_plan_proceeds_settled,
        "Withdrawn": on_withdrawn,
        "FeesWithdrawn": on_fees_withdrawn,
        # No arbiter and no disputes here: the settings events InstallmentPlans has.
        **{
            name: handler
            for name, handler in SETTINGS_HANDLERS.items()
            if name not in ("ArbiterUpdated", "DisputeTimeoutUpdated")
        },
    },
    ignored=frozenset({"EIP712DomainChanged"}),
    append_only=(PlanEvent, Installment, PlanOfferNonce, Payout, Deal),
    mutable=(PlanListing, Plan, MarketplaceSettings, SellerReputation, SellerVolume),
)
