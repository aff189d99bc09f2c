-- red team: interpolation: Lean reads s!"{…}" holes as code; a plain reading sees three strings and misses run_tac (arbitrary IO while checking)
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := s!"{"" ++ toString (by run_tac pure (); exact 0) ++ ""}"; decide
