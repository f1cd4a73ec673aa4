"""Start BoostDesk: ``python main.py`` is the same as the ``boostdesk`` command."""

import sys

from boostdesk.app import main

if __name__ == "__main__":
    sys.exit(main())
