"""Sign-in: two-step local sign-in with TOTP, single sign-on, sessions and lockout (issue 8)."""
