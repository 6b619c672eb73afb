"""The print renderer: matplotlib figures of a view plan (PNG, PDF pages) and the handout's
chronology page. Never imports web."""
