"""Settings of the application layer: the shared ``BAZAAR_*`` ones and the demo's.

Example:
    >>> AppSettings(demo_dir="/tmp/demo").demo_dir.name
    'demo'
"""

from __future__ import annotations

from pathlib import Path

from core.settings import BazaarSettings


class AppSettings(BazaarSettings):
    """What the ``bazaar`` command line reads from the environment, besides the shared
    settings.

    Attributes:
        demo_dir: Where ``bazaar demo`` keeps its database, logs, manifest and sealed
            shipping files (``BAZAAR_DEMO_DIR``, default ``./.demo``).
    """

    demo_dir: Path = Path(".demo")
