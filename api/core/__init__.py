"""Cross-cutting pieces of the API: settings, database, auth tokens, rate limits, metrics."""
