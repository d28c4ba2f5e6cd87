"""Letters, labels and envelopes: Chinese formatting, fonts, templates, layouts, tracking numbers."""
