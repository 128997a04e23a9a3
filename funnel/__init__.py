"""funnel: a command-line sales-funnel tracker."""

__version__ = "0.1.0"
