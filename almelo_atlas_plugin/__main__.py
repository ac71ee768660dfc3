"""python -m almelo_atlas_plugin …"""

import sys

from .cli import main

sys.exit(main())
