-- red team: a " inside a comment inside the hole
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := s!"{ toString (by run_tac pure (); exact 0) /- " -/ }"; decide
  -- "
