"""Entropy coding that matches the Java codec bit for bit: CDF quantisation, rANS, tables and bitstreams."""
