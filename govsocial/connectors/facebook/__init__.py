"""Facebook Pages through the Graph API over httpx."""
