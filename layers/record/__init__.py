"""The shipped record: the article, GeoJSON parsed into records, positions, citations, scenes
and events, range rings, distances, the data-as-of date, the loaded atlas and its checks.
Imports only core."""
