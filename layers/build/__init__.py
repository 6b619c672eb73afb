"""Tools that rebuild generated files (geodata from GSHHG, Sakhalin positions, the carried
font). Run by hand; never imported at run time."""
