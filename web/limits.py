"""Results per page, shared by the API and the CLI (which must not import Flask to index)."""

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
