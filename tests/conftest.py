"""Let tests import their shared helpers (``synthetic``, ``cases``) by module name."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
