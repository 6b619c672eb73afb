"""The class session's server side: a presenter publishes the scene, followers follow it.
Starlette only (no Streamlit); may use ``layers``, never ``page``, ``harness`` or ``bench``."""
