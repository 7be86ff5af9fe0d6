"""The InstallmentPlans slice: everything Python knows about contracts/InstallmentPlans.sol.

``client`` (transactions), ``views`` (read-only calls), ``types`` (structs and enums),
``signing`` (EIP-712 plan offers), ``schedule`` (the arithmetic of contracts/libraries/
Schedule.sol).

Nothing is imported here, so ``import chain.installments.types`` does not load web3.
"""
