"""Bazaar's HTTP API: the social feed and marketplace reads over the indexer's database.

Layout (fastapi full-stack template): ``main.py`` builds the app, ``routes/`` holds one
router per resource, ``deps.py`` the typed dependencies, ``crud/`` the database work,
``models/`` the API's own tables and public models, ``core/`` settings, database, security,
rate limits and metrics. docs/api.md documents the endpoints.
"""
