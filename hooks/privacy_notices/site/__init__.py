"""The site, for any engine: modes, addresses, the page plan, rendering through the theme, and exports."""
