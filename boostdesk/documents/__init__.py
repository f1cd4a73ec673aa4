"""reportlab builders: data in, PDF bytes out.

``vouchers``: 80 mm and 58 mm receipts and A4 sheets of vouchers with cut marks;
``reports``: the PDF reports. Text comes from ``texts`` (Turkish and English) and is set in the
bundled DejaVu Sans (``fonts``), which has every Turkish letter and ₺. Nothing here imports Qt or
touches the database: the services hand in plain data.
"""
