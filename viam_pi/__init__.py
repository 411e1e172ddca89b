"""viam-pi's entry points, kept outside the ``viam`` package so they run even when ``viam`` is
someone else's (the official SDK shares the name): they check first, then start."""
