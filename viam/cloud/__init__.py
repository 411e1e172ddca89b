"""Cloud protocol client (config sync, package locations) and the lite app server."""
