"""PolicyKB's composition root: the `policykb` command.

This is the only package that imports every layer (kb < indexer < web <
policykb); see `policykb.cli` for one module per command group.
"""
