"""Translations: the gettext catalogs, localized copies of the data, and moving an entity to another original language."""
