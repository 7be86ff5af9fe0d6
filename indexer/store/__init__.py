"""Database side of the indexer: working set, feed sequence, rollback, cursors, status."""
