"""Sub-commands of the ``bazaar`` CLI, one module per group."""
