"""Card readers and printers behind small interfaces; no Qt.

``reader``: the serial card reader (one thread, callbacks); ``simulated``: a stand-in reader on a
real pty or TCP socket for the demo and the tests; ``printers``: ESC/POS receipt printers by URL
(network, serial, device file); ``fake_printer``: a stand-in network printer on 127.0.0.1.
"""
