"""The atlas's vocabulary, imported by every other package and importing none of ours: records
(features, layers, scenes, dates), layer specs and styles, problems, paths, text escaping and
the carried fonts."""
