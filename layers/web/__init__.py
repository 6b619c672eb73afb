"""The web renderer: the folium map built from a view plan, its popups, chrome and offline
assets, and the JavaScript plug-ins in static/ that steer it in the browser. Never imports
print."""
