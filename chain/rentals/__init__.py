"""The RentalEscrow slice: everything Python knows about contracts/RentalEscrow.sol.

``client`` (transactions), ``views`` (read-only calls), ``types`` (structs and enums),
``rebuild`` (rentals from events).

Nothing is imported here, so ``import chain.rentals.types`` does not load web3.
"""
