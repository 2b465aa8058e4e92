"""Frontline (一线考核): cadre files and front-line assessment for organization departments."""

__version__ = "0.1.0"
