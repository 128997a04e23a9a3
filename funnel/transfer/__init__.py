"""Files in and out.

``importing.import_file`` is the use case behind ``funnel import``: ``readers`` read a
lead file record by record, ``checking`` checks them in a second process, and the
``importer`` takes them in a batch at a time, with its parts: ``seen`` (duplicates),
``ids``, ``shaping`` and ``writing``. ``export`` writes every lead out; ``children``
converts a lead's child records both ways and ``lead_keys`` names the fields files
carry. ``terms`` holds what the command and the use case share.
"""
