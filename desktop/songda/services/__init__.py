"""Use cases that combine the core modules; headless, with progress and cancel."""
