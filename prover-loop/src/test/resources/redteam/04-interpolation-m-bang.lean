-- red team: the same with m!
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := m!"{"" ++ toString (by run_tac pure (); exact 0) ++ ""}"; decide
