"""Lists in and out: Excel/CSV import of reference data, its export, and printable documents.

Pure parsing and checking (``columns``, ``workbook``, ``rows``, ``builders``, ``validate``) stay
apart from database reads and writes (``store``, ``queries``, ``importer``, ``documents``) and
from rendering (``export``, ``pdf``, ``pdf_cards``, ``notice``, ``ledger``). ``cli`` adds the
commands to ``python -m sync_server``; the HTTP endpoints are in ``sync_server.api.lists``.
"""
