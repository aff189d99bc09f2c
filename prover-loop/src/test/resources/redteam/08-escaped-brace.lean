-- red team: \{ is an escape only in interpolated strings; the plain reading sees one string
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := s!"\{{toString (by run_tac pure (); exact 0)}"; decide
