"""The Streamlit page of Frontier Atlas: its panels (sidebar, map, tour, exports, analyst tools).

The only package (with app.py) that imports Streamlit; it draws what layers/ plans."""
