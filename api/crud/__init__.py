"""Database reads and writes behind the routes, one module per resource."""
