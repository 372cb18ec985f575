"""policyreport: a citable research report from a corpus of Chinese policy documents."""

__version__ = "0.1.0"
