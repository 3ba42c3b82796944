"""`python -m anping` runs the command line."""

from anping.cli import main

main()
