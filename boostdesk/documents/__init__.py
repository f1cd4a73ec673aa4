"""reportlab builders: data in, PDF bytes out."""
