"""Local development: debug on, the embedded defaults from base."""

from .base import *  # noqa: F403

DEBUG = True
