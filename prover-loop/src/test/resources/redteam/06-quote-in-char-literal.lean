-- red team: a " inside a character literal inside the hole ends the plain reading's string
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := s!"{ toString (by run_tac pure (); exact 0) ++ '"'.toString }"; decide
  -- "
