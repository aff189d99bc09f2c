-- red team: a #command in a hole
-- expect: REJECTED #eval
theorem cheat : False := by have _x := s!"{#eval 1}"; decide
