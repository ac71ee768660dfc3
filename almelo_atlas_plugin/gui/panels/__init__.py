"""Small rendering-only panels of the dock: each shows one part of a typed roll-up result."""
