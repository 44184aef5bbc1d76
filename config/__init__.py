"""Settings of QuickTakes Assistant: ``load_settings()`` returns one typed tree."""

from config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "load_settings"]
