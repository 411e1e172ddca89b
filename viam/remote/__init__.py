"""Remote parts: other machines whose resources join this machine's graph."""
