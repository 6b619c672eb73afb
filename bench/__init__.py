"""Measurement tooling for Frontier Atlas: load time, bytes, widget latency, exports, memory.

``python -m bench`` runs the single-user benchmark; ``scripts/load_test.py`` runs many
concurrent sessions. Both start their own app server on a free 127.0.0.1 port and stop it.
"""
