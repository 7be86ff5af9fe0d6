"""Bazaar's wallet library: keys, signing, payment links and shipping-detail encryption.

Modules, by responsibility:

- :mod:`wallet.keystore`: eth-account V3 keystores (scrypt) in the wallet directory.
- :mod:`wallet.hd`: BIP-39/BIP-44 HD wallets with a fresh address per purchase.
- :mod:`wallet.encryption_keys`: the seller's X25519 key pair, sealed at rest.
- :mod:`wallet.passwords`: passwords and private keys from the environment or a prompt.
- :mod:`wallet.signing`: EIP-1559 transactions, EIP-712 typed data, EIP-191 messages.
- :mod:`wallet.siwe`: Sign-In with Ethereum (EIP-4361) build, parse and verify.
- :mod:`wallet.payment_links`: EIP-681 links (ETH, ERC-20 transfer, Marketplace buy).
- :mod:`wallet.shipping` and :mod:`wallet.shipping_details`: envelopes to the seller's key.
- :mod:`wallet.sealing` and :mod:`wallet.storage`: the encryption and file layer under them.

Every failure raises a subclass of :class:`core.errors.WalletError` (see
:mod:`wallet.errors`). Formats and the threat model are in docs/wallet.md.
"""
