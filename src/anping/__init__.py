"""anping: security assessment of internet information services (2018 CAC/MPS Provisions)."""

__version__ = "0.1.0"
