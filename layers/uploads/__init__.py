"""A reader's own file: allow-listed, size-capped readers (GeoJSON, KML, zipped), parsed by
the record's code into a layer kept in memory. Imports core and record."""
