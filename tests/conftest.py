"""Let tests import their shared helpers (``synthetic``, ``cases``) by module name, and make
hypothesis deterministic under CI so a submission's checks do not depend on the draw."""

import os
import sys
from pathlib import Path

from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
