"""The frozen program's entry point: the same `main()` as the `frontline` command."""

import multiprocessing
import sys

if __name__ == "__main__":
    # Batch reports run in worker processes started with "spawn": in a frozen build each
    # worker is this executable again, and freeze_support() turns it into the worker.
    multiprocessing.freeze_support()
    from desktop.cli.main import main

    sys.exit(main())
