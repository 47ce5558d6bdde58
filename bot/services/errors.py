"""Outcomes every button handler shares."""


class NotYours(PermissionError):
    """Someone pressed a button on another person's message."""


class Expired(LookupError):
    """The button points at something gone, finished or too old."""
