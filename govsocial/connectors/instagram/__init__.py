"""Instagram professional accounts through the Instagram Graph API (content publishing) over httpx."""
