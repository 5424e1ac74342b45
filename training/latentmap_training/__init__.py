"""latentmap training: learned scalable codecs whose latents feed segmentation and detection heads directly.

Entry point: ``python3 -m latentmap_training --help``.
"""

__version__ = "0.1.0"
