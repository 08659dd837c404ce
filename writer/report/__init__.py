"""``writer report``: what a folder of postmortems and design docs says together."""
