"""auditor: privacy-compliance audits of Android apps against their privacy policies."""

__version__ = "0.1.0"
