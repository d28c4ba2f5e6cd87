"""Songda 送达: address cleaning, ranking, letters and delivery feedback for collections."""

__version__ = "0.1.0"
