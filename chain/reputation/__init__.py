"""The Reputation slice: contracts/Reputation.sol and its ReviewCredits.

``client`` (transactions and views), ``types`` (structs and enums), ``rebuild`` (deals
from events), ``credits`` (the ReviewCredits client). The deal kinds are in
:mod:`chain.deal_kinds`, which imports nothing so the command line can use them.

Nothing is imported here, so ``import chain.reputation.types`` does not load web3.
"""
