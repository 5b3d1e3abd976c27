"""Run the `qe` command line as `python -m qe_actions`."""

import sys

from qe_actions.cli import main

sys.exit(main())
