"""The Marketplace slice: everything Python knows about contracts/Marketplace.sol.

``client`` (transactions), ``views`` (read-only calls), ``discounts`` (voucher and credit
checkout), ``rebuild`` (orders from events), ``vouchers`` (the Marketplace's VoucherBook).
Its structs and enums are in :mod:`chain.types`, and the offer and voucher signatures in
:mod:`chain.signing`, next to what the other slices share.

Nothing is imported here, so ``import chain.marketplace.client.rebuild`` costs only that module.
"""
