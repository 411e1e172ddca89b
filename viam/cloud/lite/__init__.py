"""``viam-app-lite``: a self-hostable subset of the app (configs, packages, agent config)."""
