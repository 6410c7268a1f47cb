"""Sign-in: local accounts, two-factor and single sign-on (issue 8 fills this in)."""
