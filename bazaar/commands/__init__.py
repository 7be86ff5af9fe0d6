"""The ``bazaar`` user journeys, one Typer sub-app per group.

- :mod:`bazaar.commands.seller` and :mod:`bazaar.commands.seller_orders`: ``bazaar seller``
  (keys, listings, credits, vouchers; then orders, shipping, refunds, proceeds, questions,
  responses to reviews, shipping details sent to the seller).
- :mod:`bazaar.commands.buyer` and :mod:`bazaar.commands.buyer_orders`: ``bazaar buyer``
  (buy in ETH or ERC-20, with a voucher, credits or encrypted shipping details; then
  orders, confirm, cancel, dispute, review, ask).
- :mod:`bazaar.commands.rentals`: ``bazaar rentals`` (list, rent, hand over, return, inspect,
  claim, answer, rule, settle, show).
- :mod:`bazaar.commands.installments`: ``bazaar installments`` (signed plan offers, start,
  pay, pay off, schedule).
- :mod:`bazaar.commands.keeper`: ``bazaar keeper`` (the loop of :mod:`chain.keeper`).
- Shared: :mod:`~bazaar.commands.options` (common options), :mod:`~bazaar.commands.common`
  (accounts, connection, deployment; re-exports the names below),
  :mod:`~bazaar.commands.values` (amounts, durations, ids, files),
  :mod:`~bazaar.commands.lookups` (reads from the chain and the API),
  :mod:`~bazaar.commands.output` (printing, one-line errors); the API over HTTP is
  :mod:`bazaar.api_client`, shared with the demo;
  :mod:`bazaar.commands.deal_common` adds what rentals and installments share.
- :mod:`bazaar.commands.wallet`: ``bazaar wallet`` (keystores and balances).

Every module here imports web3, eth-account, httpx and the chain clients inside the
functions that use them, so mounting them all costs ``bazaar --help`` almost nothing.
"""
