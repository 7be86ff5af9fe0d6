"""``bazaar demo``: a local, seeded, living Bazaar marketplace.

:mod:`bazaar.demo.catalog` holds what is sold, :mod:`bazaar.demo.seed` seeds it through the
typed chain clients and the API, :mod:`bazaar.demo.run` runs anvil, the API, the indexer and
the keeper around it, and :mod:`bazaar.demo.command` is the command line.
"""
