-- red team: an escape Lean refuses: the rest is not read
-- expect: REJECTED malformed
theorem cheat : False := by exact ("\q" ++ "").length.le_refl _
