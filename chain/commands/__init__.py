"""The ``bazaar`` user journeys, one Typer sub-app per group.

- :mod:`chain.commands.seller` and :mod:`chain.commands.seller_orders`: ``bazaar seller``
  (keys, listings, credits, vouchers; then orders, shipping, refunds, proceeds, questions,
  responses to reviews, shipping details sent to the seller).
- :mod:`chain.commands.buyer` and :mod:`chain.commands.buyer_orders`: ``bazaar buyer``
  (buy in ETH or ERC-20, with a voucher, credits or encrypted shipping details; then
  orders, confirm, cancel, dispute, review, ask).
- :mod:`chain.commands.rentals`: ``bazaar rentals`` (list, rent, hand over, return, inspect,
  claim, answer, rule, settle, show).
- :mod:`chain.commands.installments`: ``bazaar installments`` (signed plan offers, start,
  pay, pay off, schedule).
- :mod:`chain.commands.keeper`: ``bazaar keeper`` (the loop of :mod:`chain.keeper`).
- Shared: :mod:`~chain.commands.options` (common options), :mod:`~chain.commands.common`
  (accounts, connection, deployment; re-exports the names below),
  :mod:`~chain.commands.values` (amounts, durations, ids, files),
  :mod:`~chain.commands.lookups` (reads from the chain and the API),
  :mod:`~chain.commands.output` (printing, one-line errors) and
  :mod:`~chain.commands.api_client` (the API over HTTP with Sign-In with Ethereum);
  :mod:`chain.commands.deal_common` adds what rentals and installments share.

``bazaar wallet`` lives with the keys, in :mod:`wallet.cli`.
"""
