import sys

from indicator_dsl.cli import main

sys.exit(main())
