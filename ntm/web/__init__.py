"""The web interface's shell: layout, login, home page, language, static files."""
