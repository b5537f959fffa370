"""Django wiring only: settings, URLs, WSGI. No business logic here."""
