"""onconav: cited, plain-language cancer guidance that runs on your own machine."""

__version__ = "0.1.0"
