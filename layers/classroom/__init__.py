"""For a teacher in front of a class: phones' addresses and QR codes, and the tour as a static
site."""
