"""BoostDesk: offline-first loyalty and customer segmentation for one café or restaurant."""

__version__ = "0.1.0"
