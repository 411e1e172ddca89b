"""The HTTP side of the server: a status/control page and a small JSON API."""
