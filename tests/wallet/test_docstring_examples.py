"""Every runnable example in wallet/ docstrings still runs and prints what it claims."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import wallet

MODULES = sorted(info.name for info in pkgutil.walk_packages(wallet.__path__, prefix="wallet."))


def test_every_module_is_collected() -> None:
    assert "wallet.siwe.verify" in MODULES and "wallet.payment_links.forms" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)

    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)

    assert result.failed == 0
