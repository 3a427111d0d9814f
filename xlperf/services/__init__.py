"""What the front ends do: check (the one pipeline), review, diff, export, report."""
