-- red team: a forbidden word in a hole whose readings agree is still code
-- expect: REJECTED native_decide
theorem cheat : False := by have _x := s!"{toString (by native_decide : 1 = 1)}"; decide
