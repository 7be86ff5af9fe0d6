"""``python -m bazaar``: the same as the ``bazaar`` command."""

from bazaar.cli import app

app()
