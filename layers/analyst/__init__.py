"""For an analyst: GIS downloads, the chronology chart, the feature table and the fact
sheet."""
