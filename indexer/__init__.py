"""Bazaar's indexer: mirrors the contracts' events into SQL tables the API serves.

Start with docs/indexer.md. The pieces, by responsibility:

* :mod:`indexer.rpc`: JSON-RPC client with retries, typed reads of headers and logs.
* :mod:`indexer.fetch`: adaptive ``eth_getLogs`` ranges.
* :mod:`indexer.projections`: per-contract handlers turning events into rows.
* :mod:`indexer.store`: the batch's working set, feed sequence, undo log, cursors.
* :mod:`indexer.batch`: one batch, one transaction.
* :mod:`indexer.runner`: backfill, follow, reorg repair.
* :mod:`indexer.models`: the SQLModel tables (and the API's public models).
"""
