// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice Lifecycle of an escrowed order. Direct-mode purchases never create an Order.
enum OrderStatus {
    None, //       0: no such order
    Paid, //       1: funds held, waiting for the seller to ship
    Shipped, //    2: seller shipped, waiting for the buyer to confirm or the auto-release window
    Disputed, //   3: a party opened a dispute, waiting for the arbiter or the dispute timeout
    Completed, //  4: terminal, seller paid (minus any partial refund)
    Refunded, //   5: terminal, buyer refunded in full
    Resolved //    6: terminal, dispute split between buyer and seller
}

/// @notice Everything the contract knows about an escrowed order. Only its hash is stored
/// (one storage slot per order); callers pass the struct back, and the contract checks it
/// against the stored hash. The chain client rebuilds it from events. Partial refunds are
/// not in it (they are counted apart), so no refund ever changes what a pending call of
/// the buyer or the arbiter must pass.
/// @dev Field widths do not matter for storage since only the hash is kept.
struct Order {
    uint256 id; //          listing orders: listingId << 32 | sequence; offer orders: digest with the top bit set
    uint256 listingId; //   0 for orders created from a signed offer without a listing
    address seller;
    address buyer;
    address token; //       address(0) for ETH
    uint256 amount; //      what the buyer paid (partial refunds are kept out of the struct)
    uint16 feeBps; //       platform fee on what the seller receives, fixed at purchase
    uint32 quantity;
    uint32 handlingTime; // seconds the seller has to ship after payment
    uint32 autoReleaseWindow; // seconds after shipping until anyone may release the funds
    uint40 paidAt;
    uint40 shippedAt;
    uint40 disputedAt;
    OrderStatus status;
}

/// @notice A seller's signed quote (EIP-712), fulfilled on chain by a buyer.
struct Offer {
    address seller;
    address buyer; //        address(0): anyone may accept
    uint256 listingId; //    0: a custom item; otherwise stock is taken from this listing
    address token;
    uint256 amount; //       total price for `quantity` units
    uint32 quantity;
    bool escrow;
    uint32 handlingTime;
    uint32 autoReleaseWindow;
    uint40 expiry; //        first second the offer can no longer be accepted
    uint256 nonce;
    bytes32 metadataHash;
}
