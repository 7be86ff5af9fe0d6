"""The ``bazaar`` user journeys, one Typer sub-app per module.

- :mod:`chain.commands.seller`: ``bazaar seller`` (keys, listings, vouchers, shipping,
  refunds, answers to questions, shipping details sent to the seller).
- :mod:`chain.commands.buyer`: ``bazaar buyer`` (buy in ETH or ERC-20, with a voucher,
  credits or encrypted shipping details; confirm, cancel, dispute, review).
- :mod:`chain.commands.common`: options every journey shares, accounts, amounts, errors.
- :mod:`chain.commands.api_client`: the HTTP client of the Bazaar API, with SIWE sign-in.

``bazaar wallet`` lives with the keys, in :mod:`wallet.cli`.
"""
