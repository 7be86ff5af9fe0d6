"""chain/anvil.py: starting and stopping local nodes."""

from __future__ import annotations

import pytest

from chain.anvil import AnvilNode, dev_account, start_anvil
from chain.errors import AnvilError


def test_node_answers_and_funds_dev_accounts(anvil: AnvilNode) -> None:
    w3 = anvil.web3()

    assert anvil.running()
    assert w3.eth.chain_id == 31337
    assert w3.eth.get_balance(dev_account(9).address) > 0


def test_stop_ends_the_process_and_frees_the_port() -> None:
    node = start_anvil(block_time=1)
    assert node.web3().is_connected()

    node.stop()

    assert not node.running()
    assert not node.web3().is_connected()


def test_taken_port_raises_with_anvils_output(anvil: AnvilNode) -> None:
    with pytest.raises(AnvilError, match="is the port taken"):
        start_anvil(anvil.port, timeout=10)
