"""``bazaar demo``: a local, seeded, living Bazaar marketplace.

:mod:`chain.demo.catalog` holds what is sold, :mod:`chain.demo.seed` seeds it through the
typed chain clients and the API, :mod:`chain.demo.run` runs anvil, the API, the indexer and
the keeper around it, and :mod:`chain.demo.command` is the command line.
"""
