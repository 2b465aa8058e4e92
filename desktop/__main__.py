"""`python -m desktop` is the same program as `frontline`."""

import sys

from desktop.cli.main import main

sys.exit(main())
