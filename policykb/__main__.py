"""`python -m policykb ...` runs the `policykb` command."""

import sys

from policykb.cli import main

if __name__ == "__main__":
    sys.exit(main())
