"""Songda 送达: address cleaning, ranking, letters and delivery feedback for collections."""

from songda.native import prefer_fresh_sources

__version__ = "0.1.0"

prefer_fresh_sources()
