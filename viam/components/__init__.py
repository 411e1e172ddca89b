"""One package per component API: api.py (contract), service.py (gRPC), client.py, fake.py."""
