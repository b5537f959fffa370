"""Settings of the web benchmark (``bench/web.py``): the project's own, with the URL map of
``bench/urls.py`` (the product's URLs and one trivial view, the benchmark's baseline)."""

from config.django.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
