"""The command line (`frontline …`): parsing arguments and printing results; the work is the services'.

`main.py` holds the entry point and the commands of every day; each area adds its own in a module
beside it (`reports.py`, `interchange.py`); `text.py` formats tables and sizes."""
