"""Facts about Xining (西宁) that a reader can trust: exact, dated, qualified and cited."""

__version__ = "0.1.0"
