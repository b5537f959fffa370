"""The one ``env`` of the project and ``BASE_DIR``: settings differ by environment variables
only (see ``.env.example``)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")
