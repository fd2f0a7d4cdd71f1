"""Document types: one builder each, registered by its ``kind`` (CV10).

A builder knows one kind of business object; the renderers know none. See ``base.py`` for the
interface and ``convention.py`` for the convention and the amendment.
"""

from .base import DocumentBuilder, collect_logos, get_builder, register

__all__ = ["DocumentBuilder", "collect_logos", "get_builder", "register"]
