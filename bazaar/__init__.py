"""The Bazaar application: the ``bazaar`` command line (:mod:`bazaar.cli`), its user
journeys (:mod:`bazaar.commands`), the seeded demo (:mod:`bazaar.demo`) and the one HTTP
client of the API (:mod:`bazaar.api_client`).

This is the top layer: it imports ``chain``, ``wallet``, ``indexer`` and ``api``; none of
them imports it (``tests/test_import_boundaries.py`` checks).
"""
