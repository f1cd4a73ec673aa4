"""Thin PySide6 views; the only package that imports QtWidgets and pyqtgraph."""
