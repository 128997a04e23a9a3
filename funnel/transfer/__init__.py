"""Files in and out: reading lead files, checking them in a second process, importing
and exporting."""
