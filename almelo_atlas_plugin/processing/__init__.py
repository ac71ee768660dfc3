"""Processing provider `almelo_atlas`: one algorithm per module."""
