"""The Marketplace slice: everything Python knows about contracts/Marketplace.sol.

``client`` (transactions), ``views`` (read-only calls), ``types`` (structs and enums),
``signing`` (EIP-712 offers and vouchers), ``rebuild`` (orders from events), ``discounts``
(voucher and credit checkout), ``vouchers`` (the Marketplace's VoucherBook). What the slices
share (:class:`chain.types.Struct`, the EIP-712 domain and permits, the platform admin)
stays at the top of :mod:`chain`.

Nothing is imported here, so ``import chain.marketplace.types`` does not load web3.
"""
