-- red team: `set_option … in` at the end of the proof would scope the appended #print axioms
-- expect: REJECTED in
theorem cheat : False := by trivial
  set_option pp.all true in
