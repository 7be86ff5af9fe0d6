"""The ``bazaar`` user journeys, one Typer sub-app per module.

- :mod:`chain.commands.seller`: ``bazaar seller`` (keys, listings, vouchers, shipping,
  refunds, answers to questions, shipping details sent to the seller).
- :mod:`chain.commands.buyer`: ``bazaar buyer`` (buy in ETH or ERC-20, with a voucher,
  credits or encrypted shipping details; confirm, cancel, dispute, review).
- :mod:`chain.commands.rentals`: ``bazaar rentals`` (list, rent, hand over, return, inspect,
  claim, answer, rule, settle, show).
- :mod:`chain.commands.installments`: ``bazaar installments`` (signed plan offers, start,
  pay, pay off, schedule).
- :mod:`chain.commands.keeper`: ``bazaar keeper`` (the loop of :mod:`chain.keeper`).
- :mod:`chain.commands.common`: options every journey shares, accounts, amounts, errors;
  :mod:`chain.commands.deal_common` adds what rentals and installments share.
- :mod:`chain.commands.api_client`: the HTTP client of the Bazaar API, with SIWE sign-in.

``bazaar wallet`` lives with the keys, in :mod:`wallet.cli`.
"""
