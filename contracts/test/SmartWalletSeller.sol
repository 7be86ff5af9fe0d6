// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title SmartWalletSeller
/// @notice Test fixture: a minimal ERC-1271 smart wallet that sells on the Marketplace. It
/// approves a hash when its owner's key signed it, and forwards calls from its owner.
contract SmartWalletSeller is IERC1271 {
    /// @notice Thrown when someone other than the owner calls {execute}.
    error SmartWalletSellerNotOwner(address caller);

    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        if (err == ECDSA.RecoverError.NoError && signer == owner) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }

    /// @notice Call `target` with `data` and `msg.value` as this wallet (owner only).
    function execute(address target, bytes calldata data) external payable returns (bytes memory ret) {
        if (msg.sender != owner) revert SmartWalletSellerNotOwner(msg.sender);
        bool ok;
        (ok, ret) = target.call{value: msg.value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 32), mload(ret))
            }
        }
    }

    receive() external payable {}
}
