-- red team: `/--/` opens a docstring that runs to the next -/, not an empty comment
-- expect: REJECTED doc comment
theorem cheat : False := by trivial /--/ " -/ ; run_tac pure () -- "
