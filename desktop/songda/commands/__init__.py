"""One module per CLI sub-command group; each exposes ``register(subparsers)``."""
