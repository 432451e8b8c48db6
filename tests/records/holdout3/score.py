"""Scores the records pipeline on the third holdout set with the corpus's scorer, and
prints the mismatches by class.

    cd tests/records && ../../.venv/bin/python -m holdout3.score [--mismatches] [--keep DIR]
"""

from __future__ import annotations

import sys

from corpus.score import main

from .documents import RECORD_SET

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], RECORD_SET))
