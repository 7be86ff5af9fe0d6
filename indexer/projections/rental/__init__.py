"""The RentalEscrow projection: rental listings, rentals and their history, payouts, settings.

Every event of the RentalEscrow ABI is handled here or listed in ``ignored``; the tests check
that. Finished rentals become deals (``kind = rental``) exactly as ``_recordRental`` reports
them, so a lender's reputation sums over purchases, rentals and plans.
"""

from __future__ import annotations

from indexer.models.marketplace import MarketplaceSettings, Payout
from indexer.models.rental import Rental, RentalEvent, RentalListing
from indexer.models.reputation import Deal, SellerReputation, SellerVolume
from indexer.projections.base import Projection
from indexer.projections.marketplace.accounts import (
    SETTINGS_HANDLERS,
    on_fees_withdrawn,
    on_withdrawn,
)
from indexer.projections.rental import deposits, listings, rentals

PROJECTION = Projection(
    contract="RentalEscrow",
    handlers={
        "RentalListingCreated": listings.on_listing_created,
        "RentalListingUpdated": listings.on_listing_updated,
        "RentalListingStatusChanged": listings.on_listing_status_changed,
        "RentalBooked": rentals.on_rental_booked,
        "BookingCancelled": rentals.on_booking_cancelled,
        "HandoverConfirmed": rentals.on_handover_confirmed,
        "RentalReturned": rentals.on_rental_returned,
        "RentalLost": rentals.on_rental_lost,
        "ReturnConfirmed": deposits.on_return_confirmed,
        "DepositReleased": deposits.on_deposit_released,
        "ClaimDisputed": deposits.on_claim_disputed,
        "ClaimSettled": deposits.on_claim_settled,
        "RentalDisputeResolved": deposits.on_dispute_resolved,
        "Withdrawn": on_withdrawn,
        "FeesWithdrawn": on_fees_withdrawn,
        **SETTINGS_HANDLERS,
    },
    ignored=frozenset(),
    append_only=(RentalEvent, Payout, Deal),
    mutable=(RentalListing, Rental, MarketplaceSettings, SellerReputation, SellerVolume),
)
