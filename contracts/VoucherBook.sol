// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IVoucherBook} from "./interfaces/IVoucherBook.sol";
import {Voucher} from "./types/Voucher.sol";

/// @title VoucherBook
/// @notice Verifies and counts seller vouchers for the Marketplace that created it.
/// @dev A separate contract so the Marketplace's runtime code stays under the EIP-170 limit:
/// the Marketplace deploys it from its constructor (its code is in the Marketplace's
/// initcode, not runtime) and calls {redeem} from `purchaseWithVoucher`.
contract VoucherBook is IVoucherBook, EIP712 {
    /// @inheritdoc IVoucherBook
    bytes32 public constant VOUCHER_TYPEHASH = keccak256(
        "Voucher(address seller,address buyer,uint256 listingId,address token,bool percent,uint256 discount,"
        "uint256 minSpend,uint40 expiry,uint32 maxRedemptions,uint256 nonce)"
    );

    /// @inheritdoc IVoucherBook
    address public immutable marketplace;

    mapping(bytes32 voucherHash => uint256) private _redemptions;

    constructor() EIP712("Bazaar Vouchers", "1") {
        marketplace = msg.sender;
    }

    /// @inheritdoc IVoucherBook
    function redeem(uint256 listingId, uint32, uint256, bytes32, Voucher calldata v, bytes calldata signature)
        external
        returns (uint256 discount)
    {
        if (msg.sender != marketplace) revert VoucherBookNotMarketplace(msg.sender);
        (address buyer, address seller, address token, uint256 subtotal, uint256 orderId) = _context();
        if (block.timestamp >= v.expiry) revert VoucherBookExpired(v.expiry, block.timestamp);
        if (v.buyer != address(0) && v.buyer != buyer) revert VoucherBookNotForBuyer(v.buyer, buyer);
        if (v.seller != seller || v.token != token || (v.listingId != 0 && v.listingId != listingId)) {
            revert VoucherBookNotForListing(listingId, seller, token);
        }
        if (subtotal < v.minSpend) revert VoucherBookMinSpend(subtotal, v.minSpend);
        bytes32 voucherHash = _hashTypedDataV4(_structHash(v));
        uint256 redemptions = _redemptions[voucherHash];
        if (redemptions >= v.maxRedemptions) revert VoucherBookExhausted(voucherHash, v.maxRedemptions);
        if (!SignatureChecker.isValidSignatureNowCalldata(v.seller, voucherHash, signature)) {
            revert VoucherBookInvalidSignature(v.seller);
        }
        // redemptions < maxRedemptions <= type(uint32).max: the increment cannot overflow.
        unchecked {
            _redemptions[voucherHash] = ++redemptions;
        }
        discount = v.percent ? subtotal * v.discount / 10_000 : v.discount;
        if (discount >= subtotal) revert VoucherBookDiscountTooLarge(discount, subtotal);
        emit VoucherRedeemed(voucherHash, v.seller, buyer, orderId, discount, redemptions);
    }

    /// @inheritdoc IVoucherBook
    function cancel(Voucher calldata v) external {
        if (msg.sender != v.seller) revert VoucherBookNotSeller(msg.sender, v.seller);
        bytes32 voucherHash = _hashTypedDataV4(_structHash(v));
        _redemptions[voucherHash] = type(uint256).max;
        emit VoucherCancelled(voucherHash, msg.sender);
    }

    /// @inheritdoc IVoucherBook
    function hashVoucher(Voucher calldata v) external view returns (bytes32) {
        return _hashTypedDataV4(_structHash(v));
    }

    /// @inheritdoc IVoucherBook
    function redemptions(bytes32 voucherHash) external view returns (uint256) {
        return _redemptions[voucherHash];
    }

    /// @dev The five words the Marketplace appends to the forwarded calldata (see {redeem}).
    /// The ABI decoder ignores trailing bytes, and the Marketplace checked every offset in
    /// the forwarded part against its own, shorter, calldata.
    function _context()
        private
        pure
        returns (address buyer, address seller, address token, uint256 subtotal, uint256 orderId)
    {
        return abi.decode(msg.data[msg.data.length - 160:], (address, address, address, uint256, uint256));
    }

    /// @dev EIP-712 hashStruct: every Voucher field is static, so abi.encode is encodeData.
    function _structHash(Voucher calldata v) private pure returns (bytes32) {
        return keccak256(abi.encode(VOUCHER_TYPEHASH, v));
    }
}
