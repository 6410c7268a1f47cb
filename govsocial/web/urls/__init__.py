"""The web's URL patterns, one module per journey (included from config/urls.py)."""

# Registers the <id:...> and <index:...> converters before any pattern module uses them.
import govsocial.web.urls.converters  # noqa: F401
