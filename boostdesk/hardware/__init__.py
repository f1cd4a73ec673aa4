"""Card readers and printers behind small interfaces; no Qt.

``reader``: the serial card reader (one thread, callbacks); ``simulated``: a stand-in reader on a
real pty or TCP socket for the demo and the tests.
"""
