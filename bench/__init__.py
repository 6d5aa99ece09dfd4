"""`make bench`: synthetic data at three scales and the server time of the key pages."""
