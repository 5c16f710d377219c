"""complycheck: check a social landlord's complaint handling against the Housing
Ombudsman's Complaint Handling Code, and say what the Ombudsman would most likely find."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("complycheck")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
