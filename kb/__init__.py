"""PolicyKB's knowledge-base core: ingestion, commitment extraction, the store and the CLI."""

__version__ = "0.1.0"
