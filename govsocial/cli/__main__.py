"""`python -m govsocial.cli`: the same command as the `govsocial` console script."""

from govsocial.cli import main

main()
