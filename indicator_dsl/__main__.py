"""`python -m indicator_dsl`: the command line (indicator_dsl.cli)."""

import sys

from indicator_dsl.cli import main

sys.exit(main())
