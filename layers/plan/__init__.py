"""What a map or a chart shows, as plain data: the view plan (features, styles, labels,
legend, bounds), the label placement, a tour's views, the chronology's rows. Never imports
uploads, web or print."""
