"""``python -m api --db URL``: the same as ``bazaar api``."""

from api.cli import main

main()
