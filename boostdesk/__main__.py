"""``python -m boostdesk`` is the same as the ``boostdesk`` command."""

import sys

from boostdesk.app import main

sys.exit(main())
